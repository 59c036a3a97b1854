"""The 1:1 report's sections, one file each (the list, in reading order, is ``contents.py``)."""
