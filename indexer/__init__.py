"""newsindex: turn a folder of saved news pages into a clean, searchable archive.

The library API (used by the ``newsindex`` CLI and by tests):

    from indexer.build import update_index      # corpus -> index, incremental
    from indexer.search import open_archive     # search, show
    from indexer.scrape import scrape_file      # one page -> Article
"""

__version__ = "0.1.0"
