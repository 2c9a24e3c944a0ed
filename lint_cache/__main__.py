from lint_cache.frontends.cli.main import main

raise SystemExit(main())
