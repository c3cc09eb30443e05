"""Threads: long-running stories made of developments (stories), and their timelines.

``ThreadClusterer.place`` puts an article's story in a thread after the story clusterer has
placed the article; ``thread_timeline`` picks the dates that matter over a thread.
"""
