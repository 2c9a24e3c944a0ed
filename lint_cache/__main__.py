from lint_cache.cli import main

raise SystemExit(main())
