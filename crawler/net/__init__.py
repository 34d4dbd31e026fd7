"""The network edge: which addresses may be fetched (guard), how Akhbar names itself (useragent), and
how long a server asks it to wait (retry_after). May import the shared vocabulary (``crawler.*`` modules).
"""
