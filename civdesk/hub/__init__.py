"""CivDesk Hub: the office's sync service over PostgreSQL (``civdesk-hub``).

Desks stay offline-first and sync through the hub when a network is there. Records travel as in
a .civpack (services/bundle_format.py), checked on arrival at either end. ``protocol`` and
``trust`` are shared with the desk (civdesk/services/sync.py) and need nothing beyond CivDesk's
own dependencies; the server modules (``app``, ``db``, ``records``, ``pull``, ``cli``) need the
``civdesk[hub]`` extra.
"""
