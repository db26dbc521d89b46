"""Archive-sized input: WARC files -> extracted articles -> copies -> stories, as Parquet.

The stages are the pipeline's own pure functions, run per WARC file (a task) by one of two
executors: ``local`` (this process or a pool of processes) or ``ray`` (a Ray cluster, or Ray in
this machine): the same tasks, the same outputs. Each task writes its files, then a marker: an
interrupted batch resumes with the tasks that have none.
"""
