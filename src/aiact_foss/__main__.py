from aiact_foss.cli.application import main

main()
