from regroup.cli import main

raise SystemExit(main())
