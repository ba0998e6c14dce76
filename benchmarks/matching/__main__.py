from benchmarks.matching.run import main

main()
