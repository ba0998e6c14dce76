from benchmarks.scale.run import main

if __name__ == "__main__":  # Dask's spawned workers import this module again
    main()
