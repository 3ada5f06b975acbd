#!/usr/bin/env python3
"""Combinations of Nowcast's one-step forecasts with R's ETS and ARIMA on the suites' scored points.

Usage: combine.py FORECASTS_DIR CLASSICAL_DIR
  FORECASTS_DIR: `nowcast suite DIR --forecasts FORECASTS_DIR` output (NAME.csv: key,point,timestamp,actual,forecast,...)
  CLASSICAL_DIR: classical_forecasts.R output (NAME.csv: key,point,ets,arima)

Every figure is a MAE over the best of ETS, ARIMA and naive on the same points (a point whose previous point is not
scored is left out, so that naive is known). Two tables: fixed combinations over all scored points, and a weight
on ARIMA chosen per dataset on the first half of each key's scored points and scored on the second half (the
choice a trainer could make on held-out data, with its noise).
"""
import collections
import csv
import math
import os
import sys

WEIGHTS = (0, 0.25, 0.5)


def points(forecasts, classical):
    arima = {}
    for r in csv.DictReader(open(classical)):
        try:
            arima[(r['key'], int(r['point']))] = (float(r['ets']), float(r['arima']))
        except ValueError:
            pass
    by_key, prev = collections.defaultdict(list), {}
    for r in csv.DictReader(open(forecasts)):
        k, y = (r['key'], int(r['point'])), float(r['actual'])
        p, prev[r['key']] = prev.get(r['key']), (k[1], y)
        if k in arima and p is not None and p[0] == k[1] - 1:
            by_key[r['key']].append((y, float(r['forecast'])) + arima[k] + (p[1],))
    return by_key


def mae(rows, f):
    return sum(abs(r[0] - f(r)) for r in rows) / len(rows)


FIXED = {'nowcast': lambda r: r[1], 'ets': lambda r: r[2], 'arima': lambda r: r[3], 'naive': lambda r: r[4],
         'nowcast+ets': lambda r: (r[1] + r[2]) / 2, 'nowcast+arima': lambda r: (r[1] + r[3]) / 2,
         'nowcast+ets+arima': lambda r: (r[1] + r[2] + r[3]) / 3, 'ets+arima': lambda r: (r[2] + r[3]) / 2,
         'nowcast+naive': lambda r: (r[1] + r[4]) / 2, '0.75 nowcast+0.25 arima': lambda r: 0.75 * r[1] + 0.25 * r[3]}


def ratios(rows):
    best = min(mae(rows, FIXED[k]) for k in ('ets', 'arima', 'naive'))
    return {k: mae(rows, f) / best for k, f in FIXED.items()}


def chosen(by_key):
    first = [r for rs in by_key.values() for r in rs[:len(rs) // 2]]
    second = [r for rs in by_key.values() for r in rs[len(rs) // 2:]]
    w = min(WEIGHTS, key=lambda w: (mae(first, lambda r: (1 - w) * r[1] + w * r[3]), w))
    best = min(mae(second, FIXED[k]) for k in ('ets', 'arima', 'naive'))
    return {f'w={x}': mae(second, lambda r, x=x: (1 - x) * r[1] + x * r[3]) / best for x in WEIGHTS} | {
        'chosen': mae(second, lambda r: (1 - w) * r[1] + w * r[3]) / best}


def summary(title, results):
    print(f'\n{title} ({len(results)} datasets): at most the best classical, at most 0.9 x, geometric mean')
    for k in next(iter(results.values())):
        v = [r[k] for r in results.values()]
        print(f'  {k:26s} {sum(x <= 1.0001 for x in v):3d} {sum(x <= 0.9 for x in v):3d} '
              f'{math.exp(sum(map(math.log, v)) / len(v)):.4f}')


def main(forecasts_dir, classical_dir):
    fixed, halves = {}, {}
    for name in sorted(f[:-4] for f in os.listdir(forecasts_dir) if f.endswith('.csv')):
        classical = os.path.join(classical_dir, name + '.csv')
        if not os.path.exists(classical):
            continue
        by_key = points(os.path.join(forecasts_dir, name + '.csv'), classical)
        if sum(map(len, by_key.values())) == 0:
            continue
        fixed[name] = ratios([r for rs in by_key.values() for r in rs])
        halves[name] = chosen(by_key)
        print(f'{name[:32]:32s} ' + ' '.join(f'{v:.3f}' for v in fixed[name].values()))
    summary('fixed combinations, all scored points', fixed)
    best_of = {n: {'nowcast': r['nowcast'], 'better of nowcast and nowcast+arima, by the test points':
                   min(r['nowcast'], r['nowcast+arima'])} for n, r in fixed.items()}
    summary('the ceiling of a per-dataset choice', best_of)
    summary('a weight on ARIMA chosen on the first half of the scored points, scored on the second', halves)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
