"""Run as a subprocess by test_faults_processes.py: a second (or third) CivDesk on the same home.

python exchange_worker.py open HOME                 open (migrating a fresh home), print READY n
python exchange_worker.py import HOME BUNDLE        import a bundle (no user: a new home), print DONE
python exchange_worker.py answers HOME IID N        answer N times as the inspection's author,
                                                    printing SAVED <n> after each
"""

from __future__ import annotations

import sys

from civdesk import services
from civdesk.services import accounts, exchange, inspections


def main(argv: list[str]) -> int:
    mode, home = argv[0], argv[1]
    if mode == "open":
        store = services.open_home(home)
        print("READY", store.scalar("SELECT COUNT(*) FROM templates"), flush=True)
    elif mode == "import":
        store = services.open_home(home)
        print("START", flush=True)
        admin = store.scalar("SELECT name FROM users WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1")
        by = accounts.actor(store, accounts.user_by_name(store, admin)["id"]) if admin else None
        r = exchange.import_bundle(store, argv[2], by=by)
        print("DONE", r.counts()["added"], flush=True)
    else:
        store = services.open_home(home)
        iid, n = int(argv[2]), int(argv[3])
        by = accounts.actor(store, store.scalar("SELECT author_id FROM inspections WHERE id = ?", (iid,)))
        codes = [i.code for i in inspections.view(store, iid).template.items() if i.type == "check"]
        for k in range(n):
            inspections.answer(
                store, by, iid, codes[k % len(codes)], ("yes", "no", "partial")[k % 3], note=f"进程{iid}-{k}"
            )
            print("SAVED", k, flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
