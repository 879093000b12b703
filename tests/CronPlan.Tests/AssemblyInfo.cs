[assembly: LevelOfParallelism(4)]
