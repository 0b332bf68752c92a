// Reads the Prometheus text exposition format (version 0.0.4), as GET /metrics writes it, and the few sums the
// monitoring page needs: totals grouped by labels, and quantiles estimated from histogram buckets. No DOM here, so
// that a test can run it on crafted text.

/**
 * Parses exposition text into a Map from family name to { name, type, help, samples }, each sample
 * { name, labels, value } (labels a plain object; value a number, Infinity or NaN). A histogram's _bucket, _sum and
 * _count samples belong to its family. Lines that are not valid samples are skipped: a scrape is never refused whole.
 */
export function parsePrometheus(text) {
  const families = new Map();
  const family = (name) => {
    if (!families.has(name)) {
      families.set(name, { name, type: 'untyped', help: '', samples: [] });
    }
    return families.get(name);
  };
  for (const rawLine of String(text).split('\n')) {
    const line = rawLine.trim();
    if (line === '') {
      continue;
    }
    if (line.startsWith('#')) {
      const comment = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s?(.*)$/.exec(line);
      if (comment) {
        const target = family(comment[2]);
        if (comment[1] === 'TYPE') {
          target.type = comment[3].trim() || 'untyped';
        } else {
          target.help = unescapeHelp(comment[3]);
        }
      }
      continue;
    }
    const sample = parseSample(line);
    if (sample) {
      family(familyOf(sample.name, families)).samples.push(sample);
    }
  }
  return families;
}

// A histogram's or summary's series carry suffixes; they belong to the family TYPE named.
function familyOf(sampleName, families) {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      const known = families.get(base);
      if (known && (known.type === 'histogram' || known.type === 'summary')) {
        return base;
      }
    }
  }
  return sampleName;
}

function parseSample(line) {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!name) {
    return null;
  }
  let i = name[0].length;
  const labels = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') {
        i++;
      }
      if (line[i] === '}') {
        i++;
        break;
      }
      const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
      if (!label) {
        return null;
      }
      i += label[0].length;
      while (line[i] === ' ') {
        i++;
      }
      if (line[i] !== '=' || line[i + 1] !== '"') {
        return null;
      }
      i += 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) {
          return null;
        }
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : next;
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
      labels[label[0]] = value;
    }
  }
  // The value, then an optional timestamp (ignored).
  const parts = line.slice(i).trim().split(/\s+/);
  const value = parseValue(parts[0]);
  return value === undefined ? null : { name: name[0], labels, value };
}

function parseValue(text) {
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  if (text === 'NaN') {
    return NaN;
  }
  if (text === undefined || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    return undefined;
  }
  return Number(text);
}

function unescapeHelp(text) {
  return text.replace(/\\(\\|n)/g, (_, c) => (c === 'n' ? '\n' : '\\'));
}

/** The key of a sample for grouping: the values of the given labels, joined (missing labels as ""). */
function keyOf(labels, by) {
  return JSON.stringify(by.map((l) => labels[l] ?? ''));
}

/**
 * Sums a family's samples named sampleName (the family's own name by default) grouped by the labels in by. Returns
 * an array of { labels (only those in by), value }, in first-seen order; [] when the family is absent.
 */
export function sumBy(families, familyName, by, sampleName = familyName) {
  const groups = new Map();
  for (const sample of families.get(familyName)?.samples ?? []) {
    if (sample.name !== sampleName) {
      continue;
    }
    const key = keyOf(sample.labels, by);
    if (!groups.has(key)) {
      groups.set(key, { labels: Object.fromEntries(by.map((l) => [l, sample.labels[l] ?? ''])), value: 0 });
    }
    groups.get(key).value += sample.value;
  }
  return [...groups.values()];
}

/**
 * A histogram family's series merged by the labels in by: { labels, buckets: [{ le, count }] (cumulative, sorted,
 * ending at +Inf), count, sum } per group. Series with the same bounds add up bucket by bucket.
 */
export function histogramBy(families, familyName, by) {
  const family = families.get(familyName);
  const groups = new Map();
  const group = (labels) => {
    const key = keyOf(labels, by);
    if (!groups.has(key)) {
      groups.set(key, { labels: Object.fromEntries(by.map((l) => [l, labels[l] ?? ''])), bounds: new Map(), count: 0, sum: 0 });
    }
    return groups.get(key);
  };
  for (const sample of family?.samples ?? []) {
    if (sample.name === `${familyName}_bucket`) {
      const le = parseValue(sample.labels.le);
      if (le === undefined) {
        continue;
      }
      const target = group(sample.labels);
      target.bounds.set(le, (target.bounds.get(le) ?? 0) + sample.value);
    } else if (sample.name === `${familyName}_count`) {
      group(sample.labels).count += sample.value;
    } else if (sample.name === `${familyName}_sum`) {
      group(sample.labels).sum += sample.value;
    }
  }
  return [...groups.values()].map((g) => ({
    labels: g.labels,
    buckets: [...g.bounds.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le),
    count: g.count,
    sum: g.sum,
  }));
}

/**
 * Estimates the q-quantile (0..1) from cumulative buckets, as Prometheus's histogram_quantile does: find the bucket
 * holding the rank and interpolate linearly inside it (from 0 for the first bucket). A rank in the +Inf bucket
 * answers the highest finite bound. null when there is no observation.
 */
export function quantile(q, buckets) {
  if (!buckets || buckets.length === 0) {
    return null;
  }
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) {
    return null;
  }
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) {
        return previousBound;
      }
      if (count === previousCount) {
        return le;
      }
      return previousBound + (le - previousBound) * ((rank - previousCount) / (count - previousCount));
    }
    previousBound = le;
    previousCount = count;
  }
  return previousBound;
}
