from aiact_foss.cli import main

main()
