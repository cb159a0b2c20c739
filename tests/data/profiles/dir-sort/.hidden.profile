hidden files are ignored
