"""`wargame keys`: this table's signing key: show it, export its public half, or make a new one."""

from __future__ import annotations

import argparse

from wargame.cli.common import add_force_argument

HELP = "this table's signing key: show it, export the public key for evaluators, or make a new one"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("show", help="name, fingerprint, public key and where the key is kept (made on first use)",
                   description="Show this table's key; one is made if there is none yet.")
    export = sub.add_parser("export", help="print (or write with -o) the public key line for a trust file",
                            description="The public key as one line; evaluators collect such lines in a "
                                        "trust file for `wargame verify --trust FILE`.")
    export.add_argument("-o", "--output", metavar="FILE", help="write the line to FILE instead of printing it")
    add_force_argument(export)
    new = sub.add_parser("new", help="make a new key pair (the old private key is kept beside it)",
                         description="Make a new key pair. Logs signed with the old key still verify: "
                                     "their headers hold its public key.")
    new.add_argument("--name", help="the table's name, shown to evaluators (default: the current name)")
    add_force_argument(new)


def run(args: argparse.Namespace) -> int:
    from wargame.signing import config_dir, load_table_key, new_table_key

    if args.action == "new":
        key, kept = new_table_key(args.name, args.force)
        print(f"new key for {key.name}: {key.key.fingerprint}")
        if kept is not None:
            print(f"the old private key is kept in {kept}")
        return 0
    existed = (config_dir() / "table-key.pem").exists()
    key = load_table_key()
    if args.action == "export":
        from wargame.cli.output import emit

        path = emit(key.key.export_line() + "\n", args.output, overwrite=args.force)
        if path is not None:
            print(f"wrote {path}")
        return 0
    print(f"table:       {key.name}" + ("" if existed else "  (key made just now)"))
    print(f"fingerprint: {key.key.fingerprint}")
    print(f"public key:  {key.key.export_line()}")
    print(f"kept in:     {key.folder}")
    return 0
