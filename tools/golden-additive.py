#!/usr/bin/env python3
"""Checks that new canonical JSON files differ from old ones only by added source.table / source.box members,
written at the end of the source object. Usage: golden_additive.py OLD_DIR NEW_DIR (or OLD_FILE NEW_FILE pairs)."""
import json, os, sys

def strip(node, path, added):
    if isinstance(node, dict):
        out = {}
        keys = list(node)
        for k in keys:
            if path.endswith('.source') and k in ('table', 'box'):
                tail = [x for x in keys if x in ('table', 'box')]
                if keys[-len(tail):] != tail:
                    raise SystemExit(f'{path}: table/box not at the end of source: {keys}')
                added[k] = added.get(k, 0) + 1
                continue
            out[k] = strip(node[k], f'{path}.{k}', added)
        return out
    if isinstance(node, list):
        return [strip(x, f'{path}[{i}]', added) for i, x in enumerate(node)]
    return node

def compare(old_file, new_file):
    old = json.load(open(old_file), object_pairs_hook=lambda p: dict(p))
    new = json.load(open(new_file), object_pairs_hook=lambda p: dict(p))
    added = {}
    stripped = strip(new, '', added)
    # Same members in the same order and the same values (json.dumps keeps the order).
    if json.dumps(old, ensure_ascii=False) != json.dumps(stripped, ensure_ascii=False):
        raise SystemExit(f'{new_file}: differs from {old_file} beyond added table/box members')
    return added

if __name__ == '__main__':
    a, b = sys.argv[1], sys.argv[2]
    pairs = [(os.path.join(a, f), os.path.join(b, f)) for f in sorted(os.listdir(a)) if f.endswith('.json')] if os.path.isdir(a) else [(a, b)]
    for o, n in pairs:
        print(os.path.basename(n), 'only additive:', compare(o, n))
