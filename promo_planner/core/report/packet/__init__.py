"""The promotion packet (SPEC 6, ``report --kind packet``): the case for the committee, from the
same facts as the 1:1 report. Its sections are listed in ``report/sections/__init__.py``."""
