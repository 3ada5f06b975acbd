#!/usr/bin/env python3
"""Combinations of Nowcast's one-step forecasts with a second forecaster on the suites' scored points.

Usage: combine.py FORECASTS_DIR CLASSICAL_DIR [AR_DIR]
  FORECASTS_DIR: `nowcast suite DIR --forecasts FORECASTS_DIR` output (NAME.csv: key,point,timestamp,actual,forecast,...)
  CLASSICAL_DIR: classical_forecasts.R output (NAME.csv: key,point,ets,arima)
  AR_DIR:        pooled_ar.py output (NAME.csv: key,point,ar): then the second forecaster is it, not R's ARIMA

Every figure is a MAE over the best of ETS, ARIMA and naive on the same points (a point whose previous point is not
scored is left out, so that naive is known). Three tables: fixed combinations over all scored points; the ceiling of
choosing per dataset by the scored points themselves; and a weight on the second forecaster chosen per dataset on
the first half of each key's scored points and scored on the second half (the choice a trainer could make on
held-out data, with its noise).
"""
import collections
import csv
import math
import os
import sys

WEIGHTS = (0, 0.25, 0.5)
# A row: actual, Nowcast, ETS, ARIMA, naive, second forecaster.
NOWCAST, ETS, ARIMA, NAIVE, SECOND = 1, 2, 3, 4, 5


def points(forecasts, classical, ar=None):
    known = {}
    for r in csv.DictReader(open(classical)):
        try:
            known[(r['key'], int(r['point']))] = (float(r['ets']), float(r['arima']))
        except ValueError:
            pass
    second = {(r['key'], int(r['point'])): float(r['ar']) for r in csv.DictReader(open(ar))} if ar else None
    by_key, prev = collections.defaultdict(list), {}
    for r in csv.DictReader(open(forecasts)):
        k, y = (r['key'], int(r['point'])), float(r['actual'])
        p, prev[r['key']] = prev.get(r['key']), (k[1], y)
        if k in known and p is not None and p[0] == k[1] - 1 and (second is None or k in second):
            e, a = known[k]
            by_key[r['key']].append((y, float(r['forecast']), e, a, p[1], second[k] if second else a))
    return by_key


def mae(rows, f):
    return sum(abs(r[0] - f(r)) for r in rows) / len(rows)


def mix(w):
    return lambda r: (1 - w) * r[NOWCAST] + w * r[SECOND]


def best_classical(rows):
    return min(mae(rows, lambda r, c=c: r[c]) for c in (ETS, ARIMA, NAIVE))


def fixed(rows, second):
    best = best_classical(rows)
    f = {'nowcast': lambda r: r[NOWCAST], 'ets': lambda r: r[ETS], 'arima': lambda r: r[ARIMA],
         'naive': lambda r: r[NAIVE], 'nowcast+ets': lambda r: (r[NOWCAST] + r[ETS]) / 2,
         'nowcast+ets+arima': lambda r: (r[NOWCAST] + r[ETS] + r[ARIMA]) / 3,
         'ets+arima': lambda r: (r[ETS] + r[ARIMA]) / 2, 'nowcast+naive': lambda r: (r[NOWCAST] + r[NAIVE]) / 2,
         second: lambda r: r[SECOND], f'nowcast+{second}': mix(0.5), f'0.75 nowcast+0.25 {second}': mix(0.25)}
    return {k: mae(rows, g) / best for k, g in f.items()}


def chosen(by_key):
    first = [r for rs in by_key.values() for r in rs[:len(rs) // 2]]
    second = [r for rs in by_key.values() for r in rs[len(rs) // 2:]]
    if not first or not second:
        return None
    w = min(WEIGHTS, key=lambda w: (mae(first, mix(w)), w))
    best = best_classical(second)
    return {f'w={x}': mae(second, mix(x)) / best for x in WEIGHTS} | {'chosen': mae(second, mix(w)) / best}


def summary(title, results):
    print(f'\n{title} ({len(results)} datasets): at most the best classical, at most 0.9 x, geometric mean')
    for k in next(iter(results.values())):
        v = [r[k] for r in results.values()]
        print(f'  {k:30s} {sum(x <= 1.0001 for x in v):3d} {sum(x <= 0.9 for x in v):3d} '
              f'{math.exp(sum(map(math.log, v)) / len(v)):.4f}')


def main(forecasts_dir, classical_dir, ar_dir=None):
    second = 'pooled AR' if ar_dir else 'arima'
    all_points, halves = {}, {}
    for name in sorted(f[:-4] for f in os.listdir(forecasts_dir) if f.endswith('.csv')):
        files = [os.path.join(d, name + '.csv') for d in (classical_dir, ar_dir) if d]
        if not all(map(os.path.exists, files)):
            continue
        by_key = points(os.path.join(forecasts_dir, name + '.csv'), *files)
        rows = [r for rs in by_key.values() for r in rs]
        if not rows:
            continue
        all_points[name] = fixed(rows, second)
        h = chosen(by_key)
        if h:
            halves[name] = h
        print(f'{name[:32]:32s} ' + ' '.join(f'{k}={v:.3f}' for k, v in all_points[name].items()))
    summary('fixed combinations, all scored points', all_points)
    summary('the ceiling of a per-dataset choice', {n: {'nowcast': r['nowcast'], f'better of nowcast and '
            f'nowcast+{second}': min(r['nowcast'], r[f'nowcast+{second}'])} for n, r in all_points.items()})
    summary(f'a weight on {second} chosen on the first half of the scored points, scored on the second', halves)


if __name__ == '__main__':
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
