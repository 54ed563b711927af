# Reference values for shared/tuning/lr-finder.test.ts ("match fastai on a reference curve").
# Written from fastai's source (fastai/callback/schedule.py: LRFinder, lr_find, valley, steep;
# fastai/learner.py: AvgSmoothLoss, Recorder), transcribed line by line into plain Python + numpy
# (only the synthetic curve is shared with the test). Re-run: python3 shared/tuning/lr-finder-reference.py
# Output (Python 3, numpy 2.4.6): recorded 86 points (diverged), last lr 0.630957344480193, last smoothed
# loss 5.5079098361291585; 71 points after the trim; valley index 29, lr 1.3182567385564074e-4, loss
# 1.992805707748974; steep index 47, lr 3.63078054770101e-3, loss 1.583054523684985; fastai's float32
# tensors pick the same indices.
import math
import numpy as np

def synthetic(lr, it):
    x = math.log10(lr)
    return 2.3 - 2/(1+math.exp(-1.2*(x+3.5))) + 20*max(0, x+1.5)**2 + 0.03*math.sin(1.7*it)

start, end, num_it, beta = 1e-7, 10.0, 100, 0.98
lrs, losses = [], []
val, count, best, train_iter = 0.0, 0, float('inf'), 0
while True:
    lr = start * (end/start) ** (train_iter/num_it)        # SchedExp at pos = train_iter/num_it
    loss = synthetic(lr, train_iter)
    count += 1; val = loss + beta*(val - loss)              # AvgSmoothLoss: torch.lerp(loss, val, beta)
    smooth = val / (1 - beta**count)
    lrs.append(lr); losses.append(smooth)                  # Recorder.after_batch
    train_iter += 1                                        # TrainEvalCallback.after_batch
    if smooth < best: best = smooth
    if smooth > 4*best: status='diverged'; break
    if train_iter >= num_it: status='done'; break
print('status', status, 'recorded', len(lrs), 'last lr', repr(lrs[-1]), 'last loss', repr(losses[-1]))
L = np.array(lrs[num_it//10:-5]); S = np.array(losses[num_it//10:-5])
print('trimmed', len(L))
def valley(lrs, losses):
    n = len(losses); max_start = max_end = 0; lds = [1]*n
    for i in range(1, n):
        for j in range(0, i):
            if losses[i] < losses[j] and lds[i] < lds[j]+1: lds[i] = lds[j]+1
            if lds[max_end] < lds[i]: max_end = i; max_start = max_end - lds[max_end]
    sections = (max_end-max_start)/3
    idx = max_start + int(sections) + int(sections/2)
    return idx, lrs[idx], losses[idx]
def steep(lrs, losses):
    grads = (losses[1:]-losses[:-1]) / (np.log(lrs[1:]) - np.log(lrs[:-1]))
    idx = int(grads.argmin()); return idx, lrs[idx], losses[idx]
print('valley', [repr(v) for v in valley(L, S)])
print('steep', [repr(v) for v in steep(L, S)])
# fastai works in float32 tensors after the trim: check the choice does not change
L32 = L.astype(np.float32); S32 = S.astype(np.float32)
print('valley f32', valley(L32, S32)[0], 'steep f32', steep(L32, S32)[0])
