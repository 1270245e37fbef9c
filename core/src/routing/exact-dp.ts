// Exact pick-tour dynamic programme for 1- and 2-block warehouses.
//
// This is the Ratliff & Rosenthal (1983) method, generalised to several cross aisles the way
// Roodbergen & de Koster (2001) did for two blocks: sweep the aisles left to right and keep, for every
// equivalence class of partial tour subgraphs, the cheapest one. A class is described by what crosses
// the frontier between two aisles: for every cross aisle, the number of times (0, 1, 2) its edge to
// the next aisle is used, and which of those edges are already connected to each other. Within an
// aisle, each sub-aisle (the piece between two consecutive cross aisles) is used in one of the six
// ways of Ratliff & Rosenthal: not at all, traversed once, traversed twice, entered from both ends
// skipping the largest gap, or entered and left from its lower or upper end only. A complete tour is
// an even-degree connected subgraph that touches every pick point and the depot; its cost is exact.
// The visiting order is read off the chosen subgraph with an Eulerian walk (Hierholzer) from the depot.
//
// The state space grows like 3^k × Bell(k) for k cross aisles; it is used for k = 2 and k = 3.

import type { Layout, PickPoint } from "./layout.js";
import { crossAisleYs } from "./layout.js";

const NONE = 0;
const SINGLE = 1;
const DOUBLE = 2;
const GAP = 3;
const LOWER = 4;
const UPPER = 5;
const OPTIONS = 6;
/** Degree an option adds to the lower / upper end node of its sub-aisle, and whether it joins them. */
const OPT_LO = [0, 1, 2, 2, 2, 0] as const;
const OPT_HI = [0, 1, 2, 2, 0, 2] as const;
const OPT_JOINS = [false, true, true, false, false, false] as const;

interface Transition {
  /** Index of the option tuple (base-6 digits, sub-aisle 0 first). */
  readonly tuple: number;
  /** Option per sub-aisle (k − 1 entries). */
  readonly opts: Uint8Array;
  /** Multiplicity of each cross-aisle edge to the next column (k entries). */
  readonly right: Uint8Array;
  readonly rightSum: number;
  /** Next state key, or −1 when the subgraph closes into one connected tour (only valid on the last column). */
  readonly next: number;
  /** Bit c set when node c of this column has positive degree. */
  readonly active: number;
}

interface StateSpace {
  readonly k: number;
  readonly size: number;
  readonly tuples: number;
  /** Transitions per state key (empty array for unreachable keys). */
  readonly transitions: readonly (readonly Transition[])[];
  /** The same, grouped by option tuple: per state key, [tuple, transitions] for the tuples that occur. */
  readonly groups: readonly (readonly (readonly [number, readonly Transition[]])[])[];
  /** Flat typed-array copy for the hot loop: state s owns groups gFirst[s]..gFirst[s+1]−1. */
  readonly flat: {
    gFirst: Int32Array;
    gTuple: Int32Array;
    /** Group g owns transitions tFirst[g]..tFirst[g+1]−1. */
    tFirst: Int32Array;
    tNext: Int32Array;
    tActive: Int32Array;
    tRight: Float64Array;
    all: Transition[];
  };
}

const spaces = new Map<number, StateSpace>();

/** Key of a frontier: per cross aisle a code 0 (unused) or 1 + (mult − 1)·k + label. */
function encode(k: number, mult: readonly number[], labels: readonly number[]): number {
  const base = 2 * k + 1;
  let key = 0;
  for (let c = k - 1; c >= 0; c--) {
    const m = mult[c] ?? 0;
    key = key * base + (m === 0 ? 0 : 1 + (m - 1) * k + (labels[c] ?? 0));
  }
  return key;
}

function decode(k: number, key: number): { mult: number[]; labels: number[] } {
  const base = 2 * k + 1;
  const mult: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    const code = key % base;
    key = Math.floor(key / base);
    if (code === 0) {
      mult.push(0);
      labels.push(-1);
    } else {
      mult.push(1 + Math.floor((code - 1) / k));
      labels.push((code - 1) % k);
    }
  }
  return { mult, labels };
}

function stateSpace(k: number): StateSpace {
  const cached = spaces.get(k);
  if (cached) return cached;
  const size = (2 * k + 1) ** k;
  const transitions: Transition[][] = Array.from({ length: size }, () => []);
  const optTuples: Uint8Array[] = [];
  for (let t = 0; t < OPTIONS ** (k - 1); t++) {
    const o = new Uint8Array(k - 1);
    let v = t;
    for (let b = 0; b < k - 1; b++) {
      o[b] = v % OPTIONS;
      v = Math.floor(v / OPTIONS);
    }
    optTuples.push(o);
  }
  const rightTuples: Uint8Array[] = [];
  for (let t = 0; t < 3 ** k; t++) {
    const r = new Uint8Array(k);
    let v = t;
    for (let c = 0; c < k; c++) {
      r[c] = v % 3;
      v = Math.floor(v / 3);
    }
    rightTuples.push(r);
  }
  const parent = new Int32Array(2 * k);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] ?? x;
    return x;
  };
  const seen = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const key = queue.pop() ?? 0;
    const { mult, labels } = decode(k, key);
    for (let tuple = 0; tuple < optTuples.length; tuple++) {
      const opts = optTuples[tuple] as Uint8Array;
      for (const right of rightTuples) {
        let active = 0;
        let odd = false;
        for (let c = 0; c < k; c++) {
          const deg =
            (mult[c] ?? 0) +
            (right[c] ?? 0) +
            (c > 0 ? OPT_HI[opts[c - 1] as 0] : 0) +
            (c < k - 1 ? OPT_LO[opts[c] as 0] : 0);
          if (deg % 2 === 1) odd = true;
          if (deg > 0) active |= 1 << c;
        }
        if (odd) continue;
        if (active === 0) {
          // Nothing here: only possible before the tour starts (an aisle swept but not needed).
          if (key === 0 && opts.every((o) => o === NONE) && right.every((r) => r === 0)) {
            transitions[key]?.push({ tuple, opts, right, rightSum: 0, next: 0, active });
          }
          continue;
        }
        for (let i = 0; i < 2 * k; i++) parent[i] = i;
        const union = (a: number, b: number) => {
          const ra = find(a);
          const rb = find(b);
          if (ra !== rb) parent[ra] = rb;
        };
        for (let c = 0; c < k; c++) if ((mult[c] ?? 0) > 0) union(labels[c] ?? 0, k + c);
        for (let b = 0; b < k - 1; b++) if (OPT_JOINS[opts[b] as 0]) union(k + b, k + b + 1);
        const roots = new Set<number>();
        for (let c = 0; c < k; c++) if (active & (1 << c)) roots.add(find(k + c));
        const portRoots = new Set<number>();
        let rightSum = 0;
        for (let c = 0; c < k; c++) {
          rightSum += right[c] ?? 0;
          if ((right[c] ?? 0) > 0) portRoots.add(find(k + c));
        }
        let next: number;
        if ([...roots].every((r) => portRoots.has(r))) {
          const canon = new Map<number, number>();
          const outLabels = Array.from(right, (m, c) => {
            if (m === 0) return -1;
            const root = find(k + c);
            let l = canon.get(root);
            if (l === undefined) {
              l = canon.size;
              canon.set(root, l);
            }
            return l;
          });
          next = encode(k, Array.from(right), outLabels);
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        } else if (rightSum === 0 && roots.size === 1) {
          next = -1;
        } else {
          continue;
        }
        transitions[key]?.push({ tuple, opts, right, rightSum, next, active });
      }
    }
  }
  const groups = transitions.map((trs) => {
    const byTuple = new Map<number, Transition[]>();
    for (const tr of trs) byTuple.set(tr.tuple, [...(byTuple.get(tr.tuple) ?? []), tr]);
    return [...byTuple.entries()];
  });
  const all: Transition[] = [];
  const gFirst = new Int32Array(size + 1);
  const gTupleL: number[] = [];
  const tFirstL: number[] = [];
  groups.forEach((gs, key) => {
    gFirst[key] = gTupleL.length;
    for (const [tuple, trs] of gs) {
      gTupleL.push(tuple);
      tFirstL.push(all.length);
      all.push(...trs);
    }
  });
  gFirst[size] = gTupleL.length;
  tFirstL.push(all.length);
  const flat = {
    gFirst,
    gTuple: Int32Array.from(gTupleL),
    tFirst: Int32Array.from(tFirstL),
    tNext: Int32Array.from(all, (t) => t.next),
    tActive: Int32Array.from(all, (t) => t.active),
    tRight: Float64Array.from(all, (t) => t.rightSum),
    all,
  };
  const space = { k, size, tuples: optTuples.length, transitions, groups, flat };
  spaces.set(k, space);
  return space;
}

/** One aisle (or the depot's spot on the front cross aisle) in the sweep. */
interface Column {
  x: number;
  /** False for a virtual column holding only the depot (no aisle there: no vertical travel). */
  hasAisle: boolean;
  /** Distinct pick ys strictly inside each sub-aisle, ascending, with their distinct-point indices. */
  inner: { ys: number[]; ids: number[] }[];
  /** Distinct-point indices lying exactly on cross-aisle node c (per c). */
  onNode: number[][];
  /** Bit c set when node c must be visited (a pick on it, or the depot). */
  required: number;
  /** Cost of each option per sub-aisle (Infinity when not allowed). */
  optCost: Float64Array[];
  /** For GAP: index in `inner.ys` of the last pick below the largest gap. */
  gapSplit: number[];
}

export interface ExactResult {
  length: number;
  /** Indices into `points` in visiting order. */
  order: number[];
}

/**
 * Optimal tour through distinct pick points on a layout with 2 or 3 cross aisles (any k works, but the
 * state space explodes beyond 3). Points must be distinct and valid for the layout.
 */
export function exactTour(layout: Layout, points: readonly PickPoint[]): ExactResult {
  if (points.length === 0) return { length: 0, order: [] };
  const k = layout.crossAisles;
  const ys = crossAisleYs(layout);
  const spacing = layout.aisleSpacing;
  const depotX = layout.depot.x;
  const depotAisleF = depotX / spacing;
  const depotAisle = Math.abs(depotAisleF - Math.round(depotAisleF)) < 1e-12 ? Math.round(depotAisleF) : -1;

  // Sweep the aisles from the leftmost to the rightmost required point; when the depot lies between two
  // aisles, both of them are swept too, so clamping any tour into the sweep keeps it on the aisle graph.
  let lo = depotAisle >= 0 ? depotAisle : Math.floor(depotAisleF);
  let hi = depotAisle >= 0 ? depotAisle : Math.ceil(depotAisleF);
  for (const p of points) {
    lo = Math.min(lo, p.aisle);
    hi = Math.max(hi, p.aisle);
  }
  const newColumn = (x: number, hasAisle: boolean): Column => ({
    x,
    hasAisle,
    inner: Array.from({ length: k - 1 }, () => ({ ys: [], ids: [] })),
    onNode: Array.from({ length: k }, () => []),
    required: 0,
    optCost: [],
    gapSplit: [],
  });
  const columns: Column[] = [];
  const byAisle = new Map<number, Column>();
  for (let a = lo; a <= hi; a++) {
    const col = newColumn(a * spacing, true);
    byAisle.set(a, col);
    columns.push(col);
  }
  let depotColumn: Column;
  if (depotAisle >= 0) {
    depotColumn = byAisle.get(depotAisle) as Column;
  } else {
    // The depot lies between two aisles: a column of its own with no aisle (no vertical travel).
    depotColumn = newColumn(depotX, false);
    const at = columns.findIndex((c) => c.x > depotX);
    columns.splice(at < 0 ? columns.length : at, 0, depotColumn);
  }
  depotColumn.required |= 1;
  points.forEach((p, id) => {
    const col = byAisle.get(p.aisle);
    if (!col) throw new Error("pick outside the swept aisles");
    const node = ys.indexOf(p.y);
    if (node >= 0) {
      col.onNode[node]?.push(id);
      col.required |= 1 << node;
      return;
    }
    let b = 0;
    while (b < k - 2 && p.y > (ys[b + 1] ?? Infinity)) b++;
    col.inner[b]?.ys.push(p.y);
    col.inner[b]?.ids.push(id);
  });
  for (const col of columns) {
    for (let b = 0; b < k - 1; b++) {
      const blk = col.inner[b] ?? { ys: [], ids: [] };
      const order = blk.ys.map((y, i) => i).sort((i, j) => (blk.ys[i] ?? 0) - (blk.ys[j] ?? 0));
      blk.ys = order.map((i) => blk.ys[i] ?? 0);
      blk.ids = order.map((i) => blk.ids[i] ?? 0);
      const yLo = ys[b] ?? 0;
      const yHi = ys[b + 1] ?? 0;
      const len = yHi - yLo;
      const cost = new Float64Array(OPTIONS).fill(Infinity);
      let split = -1;
      if (col.hasAisle) {
        cost[SINGLE] = len;
        cost[DOUBLE] = 2 * len;
        const n = blk.ys.length;
        if (n === 0) {
          cost[NONE] = 0;
        } else {
          const first = blk.ys[0] ?? 0;
          const last = blk.ys[n - 1] ?? 0;
          cost[LOWER] = 2 * (last - yLo);
          cost[UPPER] = 2 * (yHi - first);
          let bestGap = -1;
          for (let i = 0; i + 1 < n; i++) {
            const g = (blk.ys[i + 1] ?? 0) - (blk.ys[i] ?? 0);
            if (g > bestGap) {
              bestGap = g;
              split = i;
            }
          }
          if (split >= 0) cost[GAP] = 2 * (len - bestGap);
        }
      } else {
        cost[NONE] = 0;
      }
      col.optCost.push(cost);
      col.gapSplit.push(split);
    }
  }

  const space = stateSpace(k);
  const nCols = columns.length;
  // cost[j][key]: cheapest partial tour with columns 0..j decided and frontier `key` to column j+1.
  const { gFirst, gTuple, tFirst, tNext, tActive, tRight, all } = space.flat;
  const back: { prev: Int32Array; tr: Int32Array }[] = [];
  let cur = new Float64Array(space.size).fill(Infinity);
  cur[0] = 0;
  let live = [0];
  // A tour may close once no required point is left to the right.
  const closable = columns.map((_, j) => columns.slice(j + 1).every((c) => c.required === 0 && c.inner.every((b) => b.ys.length === 0)));
  let best = Infinity;
  let bestPrev = -1;
  let bestTr = -1;
  let bestCol = -1;
  for (let j = 0; j < nCols; j++) {
    const col = columns[j] as Column;
    const last = j === nCols - 1;
    const canClose = closable[j] === true;
    const req = col.required;
    const dx = last ? 0 : (columns[j + 1] as Column).x - col.x;
    const next = new Float64Array(space.size).fill(Infinity);
    const prev = new Int32Array(space.size).fill(-1);
    const trOf = new Int32Array(space.size).fill(-1);
    const nextLive: number[] = [];
    // Cost of every option tuple in this column (Infinity when a sub-aisle cannot be used that way).
    const tupleCost = new Float64Array(space.tuples);
    for (let t = 0; t < space.tuples; t++) {
      let c = 0;
      for (let b = 0, v = t; b < k - 1; b++, v = Math.floor(v / OPTIONS)) c += (col.optCost[b] as Float64Array)[v % OPTIONS] ?? Infinity;
      tupleCost[t] = c;
    }
    for (const s of live) {
      const base = cur[s] as number;
      const gEnd = gFirst[s + 1] as number;
      for (let g = gFirst[s] as number; g < gEnd; g++) {
        const tc = tupleCost[gTuple[g] as number] as number;
        if (tc === Infinity) continue;
        const tEnd = tFirst[g + 1] as number;
        for (let i = tFirst[g] as number; i < tEnd; i++) {
          if (((tActive[i] as number) & req) !== req) continue;
          const nx = tNext[i] as number;
          const c = base + tc + (tRight[i] as number) * dx;
          if (nx === -1) {
            if (canClose && c < best) {
              best = c;
              bestPrev = s;
              bestTr = i;
              bestCol = j;
            }
          } else if (!last && c < (next[nx] as number)) {
            if (next[nx] === Infinity) nextLive.push(nx);
            next[nx] = c;
            prev[nx] = s;
            trOf[nx] = i;
          }
        }
      }
    }
    back.push({ prev, tr: trOf });
    cur = next;
    live = nextLive;
  }
  if (bestTr < 0) throw new Error("exact routing found no tour (bug)");

  // Walk the back pointers to recover each column's transition.
  const idle: Transition = { tuple: 0, opts: new Uint8Array(k - 1), right: new Uint8Array(k), rightSum: 0, next: 0, active: 0 };
  const chosen: Transition[] = new Array<Transition>(nCols).fill(idle);
  let state = bestPrev;
  chosen[bestCol] = all[bestTr] as Transition;
  for (let j = bestCol - 1; j >= 0; j--) {
    const bp = back[j] as { prev: Int32Array; tr: Int32Array };
    const p = bp.prev[state] ?? -1;
    chosen[j] = all[bp.tr[state] ?? -1] as Transition;
    state = p;
  }

  // Build the tour multigraph: node (j, c) = j·k + c; interior pick vertices after them.
  const nodeId = (j: number, c: number) => j * k + c;
  let nextVertex = nCols * k;
  const pointOfVertex = new Map<number, number>();
  const edges: [number, number][] = [];
  const addChain = (chain: readonly number[], times: number) => {
    for (let i = 0; i + 1 < chain.length; i++) {
      for (let t = 0; t < times; t++) edges.push([chain[i] as number, chain[i + 1] as number]);
    }
  };
  columns.forEach((col, j) => {
    col.onNode.forEach((ids, c) => {
      for (const id of ids) pointOfVertex.set(nodeId(j, c), id);
    });
    const tr = chosen[j] as Transition;
    for (let b = 0; b < k - 1; b++) {
      const blk = col.inner[b] ?? { ys: [], ids: [] };
      const verts = blk.ids.map((id) => {
        const v = nextVertex++;
        pointOfVertex.set(v, id);
        return v;
      });
      const loV = nodeId(j, b);
      const hiV = nodeId(j, b + 1);
      const opt = tr.opts[b];
      if (opt === SINGLE) addChain([loV, ...verts, hiV], 1);
      else if (opt === DOUBLE) addChain([loV, ...verts, hiV], 2);
      else if (opt === LOWER) addChain([loV, ...verts], 2);
      else if (opt === UPPER) addChain([...verts, hiV], 2);
      else if (opt === GAP) {
        const split = col.gapSplit[b] ?? 0;
        addChain([loV, ...verts.slice(0, split + 1)], 2);
        addChain([...verts.slice(split + 1), hiV], 2);
      }
    }
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < (tr.right[c] ?? 0); t++) edges.push([nodeId(j, c), nodeId(j + 1, c)]);
    }
  });
  const walk = eulerWalk(nextVertex, edges, nodeId(columns.indexOf(depotColumn), 0));
  const order: number[] = [];
  const done = new Set<number>();
  for (const v of walk) {
    const id = pointOfVertex.get(v);
    if (id !== undefined && !done.has(id)) {
      done.add(id);
      order.push(id);
    }
  }
  if (order.length !== points.length) throw new Error("exact routing tour misses a pick point (bug)");
  return { length: best, order };
}

/** Hierholzer's algorithm: a closed walk using every edge once, starting at `start`. */
function eulerWalk(nVertices: number, edges: readonly [number, number][], start: number): number[] {
  const adj: number[][] = Array.from({ length: nVertices }, () => []);
  edges.forEach(([a, b], e) => {
    adj[a]?.push(e);
    adj[b]?.push(e);
  });
  const used = new Uint8Array(edges.length);
  const ptr = new Int32Array(nVertices);
  const stack = [start];
  const walk: number[] = [];
  while (stack.length > 0) {
    const v = stack[stack.length - 1] as number;
    const list = adj[v] as number[];
    while ((ptr[v] ?? 0) < list.length && used[list[ptr[v] ?? 0] as number]) ptr[v] = (ptr[v] ?? 0) + 1;
    if ((ptr[v] ?? 0) === list.length) {
      walk.push(stack.pop() as number);
    } else {
      const e = list[ptr[v] ?? 0] as number;
      used[e] = 1;
      const [a, b] = edges[e] as [number, number];
      stack.push(a === v ? b : a);
    }
  }
  return walk.reverse();
}
