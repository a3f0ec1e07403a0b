from lsgrisk.cli.main import main

main()
