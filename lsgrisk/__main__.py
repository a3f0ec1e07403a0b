from lsgrisk.cli.entry import main

main()
