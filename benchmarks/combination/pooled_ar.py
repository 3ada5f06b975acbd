#!/usr/bin/env python3
"""A cheap second forecaster for combination experiments: one autoregression pooled over a dataset's keys.

Usage: pooled_ar.py DATA.csv SEASON OUT.csv   -> key,point,ar on each key's scored points (index >= floor(0.8 n))
Fitted by least squares on each key's first 80% only: for each of three transforms of the values (the changes,
ARIMA(p,1,0); the changes from a season before, SARIMA(p,0,0)(0,1,0); the deviations from the key's training mean,
ARIMA(p,0,0)), each key scaled by the mean absolute change of its training part, the order 0-8 by AIC on the same
rows; the transform with the lowest in-sample MAE is kept. Then frozen, one step ahead, as the suite scores. Its
lags are at most a season plus 8 points: a stream would compute it from the values a series state already keeps.
Needs numpy.
"""
import collections
import csv
import math
import sys

import numpy as np

if len(sys.argv) != 4:
    sys.exit(__doc__)
path,m,out=sys.argv[1],int(sys.argv[2]),sys.argv[3]
keys=collections.OrderedDict()
for r in csv.DictReader(open(path)):
    keys.setdefault(r['key'],[]).append(float(r['value']))
P=8
def design(kind,p):
    X=[];Y=[];meta=[]
    for k,y in keys.items():
        y=np.array(y); n=len(y); cut=n*8//10
        lag = 1 if kind=='d1' else (m if kind=='ds' else 0)
        tr=y[:cut]
        if kind=='d0': z=y-tr.mean()
        else: z=np.r_[np.full(lag,np.nan), y[lag:]-y[:-lag]]
        sc=np.nanmean(np.abs(np.diff(tr))) or 1.0
        z=z/sc
        for t in range(lag+p, n):
            if t<lag+P and t<cut: continue   # same rows for every order
            row=z[t-p:t][::-1]
            if np.any(np.isnan(row)) or np.isnan(z[t]): continue
            X.append(np.r_[1.0,row]); Y.append(z[t]); meta.append((k,t,t<cut,sc))
    return np.array(X),np.array(Y),meta
def fit(kind):
    best=None
    for p in range(0,P+1):
        X,Y,meta=design(kind,p)
        tr=np.array([mm[2] for mm in meta])
        if tr.sum()<p+5: continue
        b,*_=np.linalg.lstsq(X[tr],Y[tr],rcond=None)
        res=Y[tr]-X[tr]@b; N=tr.sum()
        aic=N*math.log(np.mean(res**2)+1e-300)+2*(p+1)
        if best is None or aic<best[0]: best=(aic,p,b,X,Y,meta)
    return best
def to_level(kind,k,t,zhat,sc):
    y=keys[k]
    if kind=='d1': return y[t-1]+zhat*sc
    if kind=='ds': return y[t-m]+zhat*sc
    cut=len(y)*8//10; return np.mean(y[:cut])+zhat*sc
cands=['d1','d0']+(['ds'] if m>1 else [])
best=None
for kind in cands:
    f=fit(kind)
    if f is None: continue
    aic,p,b,X,Y,meta=f
    tr=np.array([mm[2] for mm in meta])
    # in-sample MAE in level units, pooled
    err=[abs(keys[k][t]-to_level(kind,k,t,zh,sc)) for (k,t,intr,sc),zh in zip(meta,X@b) if intr]
    mae=np.mean(err)
    if best is None or mae<best[0]: best=(mae,kind,p,b,X,meta)
mae,kind,p,b,X,meta=best
with open(out,'w') as f:
    f.write('key,point,ar\n')
    for (k,t,intr,sc),zh in zip(meta,X@b):
        if not intr: f.write(f'{k},{t},{to_level(kind,k,t,zh,sc)}\n')
print(path.split('/')[-1], kind, 'order', p, f'in-sample MAE {mae:.4g}')
