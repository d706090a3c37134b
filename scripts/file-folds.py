#!/usr/bin/env python3
"""Scores the classifier on notice files it has never seen, the way an independent held-out of
new notices from the same publishers would: the real training files of ../shared/data are dealt
into 5 folds by a hash of their path; each fold's TED files (ted-rdf-mapping, TED R2, and
ted-rdf-conversion-pipeline, eForms) are classified by a model that `clauses train` fits on the
other folds, and labelled by `clauses parse` (the markers). ROC-AUC per label, on the lots whose
form can declare it (reserved and social: contract and prior-information notices; green: all),
every lot counted; and the share of lots each fold's model shows as likely (its heads' lines), with
their recall and precision. Repeated for several fold draws; prints each draw and the mean.

    dotnet build -c Release src/Cli
    scripts/file-folds.py [--draws 3] [--work DIR] [-- TRAIN OPTIONS...]   # e.g. -- --prior-shares 0.5
"""
import argparse, collections, glob, hashlib, json, os, random, shutil, subprocess, sys, zipfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDERS = ['ted-rdf-mapping', 'ted-xml-data-converter/development-notices/ted-xml', 'ted-xml-data-converter/test-notices/ted-xml',
           'ted-rdf-conversion-pipeline', 'boamp-rdf', 'boamp-api-jpbenga']
SCORED = ('ted-rdf-mapping', 'ted-rdf-conversion-pipeline')
FOLDS = 5


def auc(scores, truth):
    """ROC-AUC with ties counted half (NaN without a positive or a negative)."""
    pairs = sorted(zip(scores, truth))
    positives = sum(truth)
    negatives = len(truth) - positives
    if positives == 0 or negatives == 0:
        return float('nan')
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def lines(path):
    for line in open(path, encoding='utf-8'):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if 'lotId' in record:
            yield record


def draw(data, cli, work, seed, train_options):
    files = [os.path.relpath(os.path.join(root, name), data)
             for folder in FOLDERS for root, _, names in os.walk(os.path.join(data, folder))
             for name in names if name.endswith(('.xml', '.json'))]
    fold = {f: int(hashlib.md5((seed + f).encode()).hexdigest(), 16) % FOLDS for f in files}
    base = os.path.join(work, f'draw-{seed}')
    shutil.rmtree(base, ignore_errors=True)
    for k in range(FOLDS):
        for f in files:
            side = 'train' if fold[f] != k else 'test' if f.startswith(SCORED) else None
            if side:
                target = os.path.join(base, str(k), side, f)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.symlink(os.path.join(data, f), target)

    def run(k):
        out = os.path.join(base, str(k))
        with open(f'{out}/train.log', 'w') as log:
            subprocess.run(['dotnet', cli, 'train', '--data', f'{out}/train', '--out', f'{out}/model', '--no-corpus-evaluation',
                            '--trainers', 'sdca', *train_options], stdout=log, stderr=subprocess.STDOUT, check=True)
        for command, name in ((['classify', '--model', f'{out}/model'], 'pred'), (['parse'], 'parse')):
            with open(f'{out}/{name}.jsonl', 'w') as output:
                subprocess.run(['dotnet', cli, *command, f'{out}/test'], stdout=output, stderr=subprocess.DEVNULL, check=True)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, range(FOLDS)))
    rows = []
    for k in range(FOLDS):
        # Each fold's model keeps the probability from which it shows a lot as likely.
        with zipfile.ZipFile(glob.glob(os.path.join(base, str(k), 'model', '*.zip'))[0]) as model:
            heads = json.load(model.open('engine.json'))['heads']
        thresholds = {label: heads[label].get('threshold', 0.5) for label in heads}
        scored = {(r['noticeId'], r['lotId']): r for r in lines(os.path.join(base, str(k), 'pred.jsonl'))}
        rows += [(r, scored[(r['noticeId'], r['lotId'])], thresholds) for r in lines(os.path.join(base, str(k), 'parse.jsonl')) if (r['noticeId'], r['lotId']) in scored]
    result = {}
    for label in ('reserved', 'social', 'green'):
        kept = [(r, p, t) for r, p, t in rows if label == 'green' or r['noticeKind'] in ('ContractNotice', 'PriorInformation')]
        truth = [bool(r['markers'][label]) for r, _, _ in kept]
        shown = [p[label] >= t[label] for _, p, t in kept]
        hits = sum(1 for s, y in zip(shown, truth) if s and y)
        result[label] = (auc([p[label] for _, p, _ in kept], truth), len(kept), sum(truth),
                         sum(shown) / len(kept), hits / max(1, sum(truth)), hits / max(1, sum(shown)))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--draws', type=int, default=3)
    parser.add_argument('--data', default=os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'data')))
    parser.add_argument('--cli', default=os.path.join(HERE, '..', 'src', 'Cli', 'bin', 'Release', 'net10.0', 'clauses.dll'))
    parser.add_argument('--work', default=os.path.join(os.environ.get('TMPDIR', '/tmp'), 'clauses-file-folds'))
    parser.add_argument('train_options', nargs='*')
    args = parser.parse_args()
    if not os.path.exists(args.cli):
        sys.exit(f'{args.cli} not found: build it first (dotnet build -c Release src/Cli)')
    results = []
    for seed in 'abcdefghij'[:args.draws]:
        result = draw(os.path.abspath(args.data), os.path.abspath(args.cli), args.work, seed, args.train_options)
        results.append(result)
        print(f'draw {seed}: ' + '  '.join(f'{label} {auc_:.3f} ({lots} lots, {positives} positives)' for label, (auc_, lots, positives, *_) in result.items()), flush=True)
        print('  shown as likely: ' + '  '.join(f'{label} {share:.0%} of lots, recall {recall:.2f}, precision {precision:.2f}' for label, (_, _, _, share, recall, precision) in result.items()), flush=True)
    print('mean:   ' + '  '.join(f'{label} {sum(r[label][0] for r in results) / len(results):.3f}' for label in ('reserved', 'social', 'green')))


if __name__ == '__main__':
    main()
