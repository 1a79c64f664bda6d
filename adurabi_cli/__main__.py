from adurabi_cli.cli.app import main

main()
