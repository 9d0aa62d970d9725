/**
 * Draws one DAG of a wflint graph document (docs/output.md, "graph") as SVG: dagre lays it out
 * left to right; the view pans and zooms, collapses task groups, shows a task's operator,
 * arguments, trigger rule and schedule on click and its diagnostics on hover. The same code runs
 * in the page of `wflint graph --format html` and in the VS Code graph view (see main.ts).
 */
import dagre from '@dagrejs/dagre';
import { STYLES } from './styles';

export interface Position {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export interface DiagnosticDoc {
  code: string;
  name: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}
interface Located {
  id: string;
  position: Position;
  extent: Position;
  file?: string;
  /** Added by the language server: the id's range in LSP coordinates, and the file's URI. */
  range?: LspRange;
  uri?: string;
  diagnostics: DiagnosticDoc[];
}
export interface TaskDoc extends Located {
  group: string | null;
  operator: string | null;
  decorator: string | null;
  trigger_rule: string;
  arguments: Record<string, string>;
}
export interface GroupDoc extends Located {
  parent: string | null;
  tooltip?: string;
}
export interface EdgeDoc {
  source: string;
  source_kind: 'task' | 'group';
  target: string;
  target_kind: 'task' | 'group';
  kind: 'dependency' | 'xcom';
  position?: Position;
}
export interface DagDoc extends Located {
  schedule: string | null;
  schedule_description: string | null;
  nodes: TaskDoc[];
  groups: GroupDoc[];
  edges: EdgeDoc[];
}
export interface GraphDocument {
  version: number;
  path: string;
  dags: DagDoc[];
}

export interface RendererOptions {
  /** A task or group was clicked (the editor reveals its definition). */
  onSelect?: (item: TaskDoc | GroupDoc, kind: 'task' | 'group', dag: DagDoc) => void;
  /** The user picked another DAG in the toolbar. */
  onDagChange?: (dag: DagDoc) => void;
  standalone?: boolean;
}

/** What the last draw produced (read by tests and the timing harness). */
export interface DrawStats {
  dag: string;
  nodes: number;
  groups: number;
  edges: number;
  layoutMs: number;
  drawMs: number;
}

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 7;
const MAX_LABEL = 32;
const GROUP_HEADER = 18;
/** Above this many visible nodes, dagre ranks with a tight tree and keeps its first node order
 * (network simplex and the crossing-reduction sweeps are its costly steps). */
const LARGE = 300;

const key = (kind: string, id: string) => `${kind === 'task' ? 't' : 'g'}:${id}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function operatorName(task: TaskDoc): string {
  if (task.operator) return task.operator.split('.').pop() ?? task.operator;
  if (task.decorator) return `@${task.decorator.split('.').pop()}`;
  return '';
}

function severityOf(diagnostics: DiagnosticDoc[]): 'error' | 'warning' | null {
  if (diagnostics.some((d) => d.severity === 'error')) return 'error';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warning';
  return null;
}

function contains(extent: Position, line: number, column: number): boolean {
  if (line < extent.line || line > extent.end_line) return false;
  if (line === extent.line && column < extent.column) return false;
  if (line === extent.end_line && column > extent.end_column) return false;
  return true;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class GraphRenderer {
  readonly root: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly select: HTMLSelectElement;
  private readonly status: HTMLElement;
  private readonly details: HTMLElement;
  private readonly tooltip: HTMLElement;
  private document: GraphDocument | undefined;
  private dag: DagDoc | undefined;
  private dagId: string | undefined;
  private readonly collapsed = new Set<string>();
  private transform = { x: 0, y: 0, k: 1 };
  private boxes = new Map<string, Box>();
  private current: string | undefined;
  private selected: string | undefined;
  stats: DrawStats | undefined;

  constructor(container: HTMLElement, private readonly options: RendererOptions = {}) {
    if (!document.getElementById('wflint-graph-styles')) {
      const style = document.createElement('style');
      style.id = 'wflint-graph-styles';
      style.textContent = STYLES;
      document.head.appendChild(style);
    }
    container.innerHTML =
      '<div class="wf-root">' +
      '<div class="wf-toolbar"><select class="wf-dag" title="DAG"></select>' +
      '<button class="wf-fit" title="Fit the graph to the view">Fit</button>' +
      '<button class="wf-collapse" title="Collapse every task group">Collapse groups</button>' +
      '<button class="wf-expand" title="Expand every task group">Expand groups</button>' +
      '<span class="wf-status" role="status"></span></div>' +
      '<div class="wf-canvas"><svg class="wf-svg" xmlns="http://www.w3.org/2000/svg"><defs>' +
      '<marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0L10,5L0,10z" class="wf-arrow"/></marker></defs><g class="wf-viewport"></g></svg></div>' +
      '<aside class="wf-details" hidden></aside><div class="wf-tooltip" hidden></div></div>';
    this.root = container.querySelector('.wf-root') as HTMLElement;
    if (options.standalone) this.root.classList.add('wf-standalone');
    this.svg = this.root.querySelector('svg') as SVGSVGElement;
    this.viewport = this.root.querySelector('.wf-viewport') as SVGGElement;
    this.select = this.root.querySelector('.wf-dag') as HTMLSelectElement;
    this.status = this.root.querySelector('.wf-status') as HTMLElement;
    this.details = this.root.querySelector('.wf-details') as HTMLElement;
    this.tooltip = this.root.querySelector('.wf-tooltip') as HTMLElement;
    this.bindEvents();
  }

  /** Show a new document; `stale`: it is the last one that parsed, not the current text. */
  update(graph: GraphDocument, stale = false): void {
    this.document = graph;
    this.root.classList.toggle('wf-is-stale', stale);
    const ids = graph.dags.map((dag) => dag.id);
    this.select.innerHTML = ids.map((id) => `<option>${escapeHtml(id)}</option>`).join('');
    this.select.hidden = ids.length < 2;
    const keep = this.dagId !== undefined && ids.includes(this.dagId) ? this.dagId : ids[0];
    this.showDag(keep, false);
    if (stale) {
      this.status.textContent = 'Stale: the YAML does not parse; this is the last graph that did.';
    }
  }

  /** The cursor moved to a 1-based line and column: follow its DAG and highlight its task. */
  setCursor(line: number, column: number): void {
    const graph = this.document;
    if (!graph) return;
    const dag = graph.dags.find((d) => contains(d.extent, line, column) && !d.file);
    if (dag && dag.id !== this.dagId) {
      this.showDag(dag.id, true);
    }
    const shown = this.dag;
    let current: string | undefined;
    if (shown) {
      const task = shown.nodes.find((n) => !n.file && contains(n.extent, line, column));
      const group = task ? undefined : shown.groups.find((g) => !g.file && contains(g.extent, line, column));
      current = task ? this.visibleKey('task', task.id) : group ? this.visibleKey('group', group.id) : undefined;
    }
    this.highlight(current, true);
  }

  private showDag(id: string | undefined, fit: boolean): void {
    const changed = id !== this.dagId;
    this.dagId = id;
    this.select.value = id ?? '';
    this.dag = this.document?.dags.find((dag) => dag.id === id);
    if (changed) {
      this.collapsed.clear();
      // Like Airflow's graph view: a large DAG opens with its task groups collapsed.
      if (this.dag && this.dag.nodes.length > LARGE) {
        for (const group of this.dag.groups) if (group.parent === null) this.collapsed.add(group.id);
      }
    }
    this.draw(changed || fit);
  }

  // -- the model of what is visible -----------------------------------------------------------

  private parents(dag: DagDoc): Map<string, string | null> {
    return new Map(dag.groups.map((g) => [g.id, g.parent]));
  }

  /** The outermost collapsed group holding `group` (or the group itself), or undefined. */
  private collapsedAncestor(group: string | null, parents: Map<string, string | null>): string | undefined {
    let found: string | undefined;
    const seen = new Set<string>();
    for (let at = group; at !== null && at !== undefined && !seen.has(at); at = parents.get(at) ?? null) {
      seen.add(at);
      if (this.collapsed.has(at)) found = at;
    }
    return found;
  }

  private visibleKey(kind: 'task' | 'group', id: string): string {
    const dag = this.dag;
    if (!dag) return key(kind, id);
    const parents = this.parents(dag);
    const start = kind === 'task' ? dag.nodes.find((n) => n.id === id)?.group ?? null : id;
    const hidden = this.collapsedAncestor(start, parents);
    return hidden !== undefined ? key('group', hidden) : key(kind, id);
  }

  // -- drawing --------------------------------------------------------------------------------

  private draw(fit: boolean): void {
    const dag = this.dag;
    this.hideTooltip();
    if (!dag) {
      this.viewport.innerHTML = '';
      this.status.textContent = this.document ? 'No DAG in this file.' : '';
      this.root.dataset.state = 'empty';
      return;
    }
    const started = performance.now();
    const parents = this.parents(dag);
    const groupById = new Map(dag.groups.map((g) => [g.id, g]));
    const taskById = new Map(dag.nodes.map((n) => [n.id, n]));

    // Visible leaves: tasks outside collapsed groups, and collapsed groups (outermost only).
    const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
    const leaves = new Map<string, { width: number; height: number }>();
    const expanded = new Set<string>();
    const memberCount = new Map<string, number>();
    for (const task of dag.nodes) {
      const hidden = this.collapsedAncestor(task.group, parents);
      if (hidden !== undefined) {
        memberCount.set(hidden, (memberCount.get(hidden) ?? 0) + 1);
        continue;
      }
      const label = shorten(task.id, MAX_LABEL);
      const width = Math.max(90, Math.max(label.length, operatorName(task).length * 0.85) * CHAR_WIDTH + 24);
      leaves.set(key('task', task.id), { width: Math.min(width, 260), height: NODE_HEIGHT });
    }
    for (const group of dag.groups) {
      const hidden = this.collapsedAncestor(group.id, parents);
      if (hidden === group.id) {
        const label = `${shorten(group.id, MAX_LABEL)} (${memberCount.get(group.id) ?? 0})`;
        leaves.set(key('group', group.id), { width: Math.max(100, label.length * CHAR_WIDTH + 40), height: NODE_HEIGHT });
      } else if (hidden === undefined) {
        expanded.add(group.id);
      }
    }
    const parentOf = (k: string): string | null => {
      const [kind, id] = [k[0], k.slice(2)];
      const parent = kind === 't' ? taskById.get(id)?.group ?? null : groupById.get(id)?.parent ?? null;
      return parent !== null && expanded.has(parent) ? parent : null;
    };
    const large = leaves.size > LARGE;
    g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 46, edgesep: 8, marginx: 20, marginy: 20, ranker: large ? 'tight-tree' : 'network-simplex' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const [k, size] of leaves) {
      g.setNode(k, { ...size });
    }
    // An expanded group is a box when anything visible sits in it, otherwise a node of its own.
    const groupsWithChildren = new Set<string>();
    for (const k of leaves.keys()) {
      const parent = parentOf(k);
      if (parent !== null) groupsWithChildren.add(parent);
    }
    for (const id of expanded) {
      const parent = parentOf(key('group', id));
      if (parent !== null) groupsWithChildren.add(parent);
    }
    for (const id of expanded) {
      const k = key('group', id);
      if (groupsWithChildren.has(id)) {
        g.setNode(k, {});
      } else {
        // An expanded group with nothing in it is drawn as a box of its own.
        g.setNode(k, { width: Math.max(100, shorten(id, MAX_LABEL).length * CHAR_WIDTH + 40), height: NODE_HEIGHT });
        leaves.set(k, { width: 0, height: 0 });
      }
    }
    for (const id of expanded) {
      const parent = parentOf(key('group', id));
      if (parent !== null) g.setParent(key('group', id), key('group', parent));
    }
    for (const k of leaves.keys()) {
      const parent = parentOf(k);
      if (parent !== null) g.setParent(k, key('group', parent));
    }

    // Edges between what is visible, one per pair.
    const visible = (kind: 'task' | 'group', id: string): string | undefined => {
      const start = kind === 'task' ? taskById.get(id)?.group ?? null : id;
      const hidden = this.collapsedAncestor(start, parents);
      if (hidden !== undefined) return key('group', hidden);
      if (kind === 'task' && !taskById.has(id)) return undefined;
      if (kind === 'group' && !groupById.has(id)) return undefined;
      return key(kind, id);
    };
    const drawn = new Map<string, { source: string; target: string; xcom: boolean }>();
    for (const edge of dag.edges) {
      const source = visible(edge.source_kind, edge.source);
      const target = visible(edge.target_kind, edge.target);
      if (!source || !target || source === target) continue;
      const pair = `${source}\u0000${target}`;
      const known = drawn.get(pair);
      if (known) known.xcom = known.xcom && edge.kind === 'xcom';
      else drawn.set(pair, { source, target, xcom: edge.kind === 'xcom' });
    }
    // dagre cannot route edges to a cluster: an edge to an expanded group is laid out to its
    // first members and drawn to the group's border.
    const isBox = (k: string) => k[0] === 'g' && expanded.has(k.slice(2)) && groupsWithChildren.has(k.slice(2));
    const leafEdges: Array<[string, string]> = [];
    for (const { source, target } of drawn.values()) {
      if (!isBox(source) && !isBox(target)) leafEdges.push([source, target]);
    }
    const membersOf = new Map<string, string[]>();
    for (const k of leaves.keys()) {
      for (let at = parentOf(k); at !== null; at = parentOf(key('group', at))) {
        const list = membersOf.get(at) ?? [];
        list.push(k);
        membersOf.set(at, list);
      }
    }
    const hasUpstreamInside = new Set<string>();
    const hasDownstreamInside = new Set<string>();
    const sameGroup = (a: string, b: string) => parentOf(a) !== null && parentOf(a) === parentOf(b);
    for (const [source, target] of leafEdges) {
      if (sameGroup(source, target)) {
        hasUpstreamInside.add(target);
        hasDownstreamInside.add(source);
      }
      g.setEdge(source, target);
    }
    const ends = (k: string, asTarget: boolean): string[] => {
      if (!isBox(k)) return [k];
      const members = membersOf.get(k.slice(2)) ?? [];
      const picked = members.filter((m) => !(asTarget ? hasUpstreamInside : hasDownstreamInside).has(m));
      return (picked.length ? picked : members).slice(0, 8);
    };
    const inside = (k: string, group: string) => (membersOf.get(group.slice(2)) ?? []).includes(k) || k === group;
    for (const { source, target } of drawn.values()) {
      if (!isBox(source) && !isBox(target)) continue;
      for (const s of ends(source, false)) {
        for (const t of ends(target, true)) {
          if (s === t || (isBox(target) && inside(s, target)) || (isBox(source) && inside(t, source))) continue;
          if (!g.hasEdge(s, t)) g.setEdge(s, t, { weight: 1 });
        }
      }
    }
    const layoutStart = performance.now();
    dagre.layout(g, large ? { disableOptimalOrderHeuristic: true } : {});
    const layoutMs = performance.now() - layoutStart;

    // Boxes.
    this.boxes = new Map();
    for (const k of g.nodes()) {
      const n = g.node(k);
      if (n && typeof n.x === 'number') this.boxes.set(k, { x: n.x - n.width / 2, y: n.y! - n.height / 2, width: n.width, height: n.height });
    }

    // SVG markup, built as one string: fast for thousands of nodes.
    const parts: string[] = [];
    const groupDepth = (id: string) => {
      let depth = 0;
      for (let at = parentOf(key('group', id)); at !== null; at = parentOf(key('group', at))) depth++;
      return depth;
    };
    const boxes = [...expanded].filter((id) => groupsWithChildren.has(id)).sort((a, b) => groupDepth(a) - groupDepth(b));
    for (const id of boxes) {
      const laid = this.boxes.get(key('group', id));
      const group = groupById.get(id)!;
      if (!laid) continue;
      // Room for the title above the members (dagre has no cluster padding).
      const box = { x: laid.x, y: laid.y - GROUP_HEADER, width: laid.width, height: laid.height + GROUP_HEADER };
      this.boxes.set(key('group', id), box);
      const severity = severityOf(group.diagnostics);
      parts.push(
        `<g class="wf-group${severity ? ` wf-${severity}` : ''}" data-key="${escapeHtml(key('group', id))}" data-id="${escapeHtml(id)}">` +
          `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8"/>` +
          `<text class="wf-group-title wf-toggle" x="${box.x + 10}" y="${box.y + 15}">▾ ${escapeHtml(shorten(id, MAX_LABEL))}</text></g>`,
      );
    }
    let edgeCount = 0;
    for (const { source, target, xcom } of drawn.values()) {
      let d: string | undefined;
      if (!isBox(source) && !isBox(target)) {
        const points = g.edge(source, target)?.points;
        if (points && points.length) d = curve(points);
      }
      if (d === undefined) {
        const a = this.boxes.get(source);
        const b = this.boxes.get(target);
        if (!a || !b) continue;
        d = connector(a, b);
      }
      edgeCount++;
      parts.push(
        `<path class="wf-edge${xcom ? ' wf-xcom' : ''}" data-source="${escapeHtml(source)}" data-target="${escapeHtml(target)}" d="${d}" marker-end="url(#wf-arrow)"/>`,
      );
    }
    let nodeCount = 0;
    let collapsedCount = 0;
    for (const [k] of leaves) {
      const box = this.boxes.get(k);
      if (!box) continue;
      const id = k.slice(2);
      if (k[0] === 't') {
        const task = taskById.get(id)!;
        const severity = severityOf(task.diagnostics);
        nodeCount++;
        parts.push(
          `<g class="wf-node${severity ? ` wf-${severity}` : ''}" data-key="${escapeHtml(k)}" data-id="${escapeHtml(id)}">` +
            `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6"/>` +
            `<text class="wf-label" x="${box.x + 10}" y="${box.y + 17}">${escapeHtml(shorten(id, MAX_LABEL))}</text>` +
            `<text class="wf-operator" x="${box.x + 10}" y="${box.y + 31}">${escapeHtml(shorten(operatorName(task), MAX_LABEL))}</text>` +
            (severity ? `<circle class="wf-badge" cx="${box.x + box.width - 9}" cy="${box.y + 9}" r="4"/>` : '') +
            '</g>',
        );
      } else {
        const group = groupById.get(id)!;
        const isCollapsed = this.collapsed.has(id);
        const hiddenDiagnostics = isCollapsed ? this.diagnosticsInside(dag, id, parents) : group.diagnostics;
        const severity = severityOf(hiddenDiagnostics);
        collapsedCount++;
        const label = isCollapsed ? `▸ ${shorten(id, MAX_LABEL)} (${memberCount.get(id) ?? 0})` : `▾ ${shorten(id, MAX_LABEL)}`;
        parts.push(
          `<g class="wf-group wf-group-node${isCollapsed ? ' wf-collapsed' : ''}${severity ? ` wf-${severity}` : ''}" data-key="${escapeHtml(k)}" data-id="${escapeHtml(id)}">` +
            `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8"/>` +
            `<text class="wf-group-title wf-toggle" x="${box.x + 10}" y="${box.y + 24}">${escapeHtml(label)}</text></g>`,
        );
      }
    }
    this.viewport.innerHTML = parts.join('');
    const graphLabel = g.graph();
    const width = (graphLabel.width as number) ?? 0;
    const height = (graphLabel.height as number) ?? 0;
    this.root.dataset.state = 'drawn';
    this.root.dataset.nodes = String(nodeCount);
    this.root.dataset.edges = String(edgeCount);
    this.root.dataset.dag = dag.id;
    const drawMs = performance.now() - started;
    this.stats = { dag: dag.id, nodes: nodeCount, groups: boxes.length + collapsedCount, edges: edgeCount, layoutMs, drawMs };
    this.root.dataset.drawMs = drawMs.toFixed(1);
    const hasGroups = dag.groups.length > 0;
    (this.root.querySelector('.wf-collapse') as HTMLElement).hidden = !hasGroups;
    (this.root.querySelector('.wf-expand') as HTMLElement).hidden = !hasGroups;
    this.status.textContent =
      `${dag.nodes.length} task${dag.nodes.length === 1 ? '' : 's'}, ${dag.groups.length} group${dag.groups.length === 1 ? '' : 's'}, ` +
      `${edgeCount} edge${edgeCount === 1 ? '' : 's'}` + (dag.schedule ? ` · schedule ${dag.schedule}` : '');
    if (fit) this.fit(width, height);
    else this.applyTransform();
    if (this.current) this.highlight(this.current, false);
    if (this.selected && !this.viewport.querySelector(`[data-key="${cssEscape(this.selected)}"]`)) this.hideDetails();
  }

  private diagnosticsInside(dag: DagDoc, group: string, parents: Map<string, string | null>): DiagnosticDoc[] {
    const within = (g: string | null): boolean => {
      const seen = new Set<string>();
      for (let at = g; at !== null && !seen.has(at); at = parents.get(at) ?? null) {
        if (at === group) return true;
        seen.add(at);
      }
      return false;
    };
    return [
      ...dag.groups.filter((g) => within(g.id)).flatMap((g) => g.diagnostics),
      ...dag.nodes.filter((n) => within(n.group)).flatMap((n) => n.diagnostics),
    ];
  }

  // -- view: pan, zoom, fit -------------------------------------------------------------------

  private fit(width: number, height: number): void {
    const canvas = this.svg.getBoundingClientRect();
    const availableWidth = Math.max(canvas.width, 100);
    const availableHeight = Math.max(canvas.height, 100);
    const k = Math.min(1.25, availableWidth / Math.max(width, 1), availableHeight / Math.max(height, 1));
    const scale = Math.max(k, 0.05);
    this.transform = {
      k: scale,
      x: (availableWidth - width * scale) / 2,
      y: (availableHeight - height * scale) / 2,
    };
    this.applyTransform();
  }

  private applyTransform(): void {
    const { x, y, k } = this.transform;
    this.viewport.setAttribute('transform', `translate(${x},${y}) scale(${k})`);
  }

  private zoomAt(clientX: number, clientY: number, factor: number): void {
    const canvas = this.svg.getBoundingClientRect();
    const px = clientX - canvas.left;
    const py = clientY - canvas.top;
    const k = Math.min(4, Math.max(0.02, this.transform.k * factor));
    const ratio = k / this.transform.k;
    this.transform = { k, x: px - (px - this.transform.x) * ratio, y: py - (py - this.transform.y) * ratio };
    this.applyTransform();
  }

  /** Pans so that a box is in view (it may be off screen after a cursor move). */
  private reveal(box: Box): void {
    const canvas = this.svg.getBoundingClientRect();
    const { x, y, k } = this.transform;
    const left = box.x * k + x;
    const top = box.y * k + y;
    const right = left + box.width * k;
    const bottom = top + box.height * k;
    if (left >= 0 && top >= 0 && right <= canvas.width && bottom <= canvas.height) return;
    this.transform = { k, x: canvas.width / 2 - (box.x + box.width / 2) * k, y: canvas.height / 2 - (box.y + box.height / 2) * k };
    this.applyTransform();
  }

  private highlight(k: string | undefined, reveal: boolean): void {
    this.current = k;
    for (const element of Array.from(this.viewport.querySelectorAll('.wf-current'))) element.classList.remove('wf-current');
    if (!k) return;
    const element = this.viewport.querySelector(`[data-key="${cssEscape(k)}"]`);
    element?.classList.add('wf-current');
    const box = this.boxes.get(k);
    if (reveal && box) this.reveal(box);
  }

  // -- interaction ----------------------------------------------------------------------------

  private bindEvents(): void {
    let drag: { x: number; y: number; moved: boolean } | undefined;
    this.svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, moved: false };
    });
    window.addEventListener('pointermove', (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      this.root.classList.add('wf-panning');
      this.transform = { ...this.transform, x: this.transform.x + dx, y: this.transform.y + dy };
      drag.x = event.clientX;
      drag.y = event.clientY;
      this.applyTransform();
    });
    window.addEventListener('pointerup', () => {
      this.root.classList.remove('wf-panning');
      setTimeout(() => (drag = undefined), 0);
    });
    this.svg.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        this.zoomAt(event.clientX, event.clientY, Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015)));
      },
      { passive: false },
    );
    this.svg.addEventListener('click', (event) => {
      if (drag?.moved) return;
      const target = event.target as Element;
      const item = target.closest('[data-key]') as SVGGElement | null;
      if (!item) {
        this.hideDetails();
        return;
      }
      const k = item.dataset.key!;
      const id = k.slice(2);
      if (k[0] === 'g' && target.closest('.wf-toggle')) {
        if (this.collapsed.has(id)) this.collapsed.delete(id);
        else this.collapsed.add(id);
        this.draw(false);
        return;
      }
      this.select_(k);
    });
    this.svg.addEventListener('dblclick', (event) => {
      const item = (event.target as Element).closest('[data-key^="g:"]') as SVGGElement | null;
      if (!item) return;
      const id = item.dataset.key!.slice(2);
      if (this.collapsed.has(id)) this.collapsed.delete(id);
      else this.collapsed.add(id);
      this.draw(false);
    });
    this.svg.addEventListener('mouseover', (event) => {
      const item = (event.target as Element).closest('[data-key]') as SVGGElement | null;
      if (!item) return this.hideTooltip();
      this.showTooltip(item.dataset.key!, event as MouseEvent);
    });
    this.svg.addEventListener('mousemove', (event) => {
      if (!this.tooltip.hidden) this.placeTooltip(event);
    });
    this.svg.addEventListener('mouseleave', () => this.hideTooltip());
    this.select.addEventListener('change', () => {
      this.showDag(this.select.value, true);
      if (this.dag) this.options.onDagChange?.(this.dag);
    });
    (this.root.querySelector('.wf-fit') as HTMLElement).addEventListener('click', () => {
      const graph = this.viewport.getBBox();
      this.transform = { x: 0, y: 0, k: 1 };
      this.fit(graph.x + graph.width + 20, graph.y + graph.height + 20);
    });
    (this.root.querySelector('.wf-collapse') as HTMLElement).addEventListener('click', () => {
      for (const group of this.dag?.groups ?? []) this.collapsed.add(group.id);
      this.draw(true);
    });
    (this.root.querySelector('.wf-expand') as HTMLElement).addEventListener('click', () => {
      this.collapsed.clear();
      this.draw(true);
    });
    this.details.addEventListener('click', (event) => {
      if ((event.target as Element).closest('.wf-close')) this.hideDetails();
    });
  }

  private item(k: string): { kind: 'task' | 'group'; doc: TaskDoc | GroupDoc } | undefined {
    const dag = this.dag;
    if (!dag) return undefined;
    const id = k.slice(2);
    if (k[0] === 't') {
      const doc = dag.nodes.find((n) => n.id === id);
      return doc && { kind: 'task', doc };
    }
    const doc = dag.groups.find((g) => g.id === id);
    return doc && { kind: 'group', doc };
  }

  private select_(k: string): void {
    const found = this.item(k);
    if (!found || !this.dag) return;
    this.selected = k;
    for (const element of Array.from(this.viewport.querySelectorAll('.wf-selected'))) element.classList.remove('wf-selected');
    this.viewport.querySelector(`[data-key="${cssEscape(k)}"]`)?.classList.add('wf-selected');
    this.showDetails(found.kind, found.doc, this.dag);
    this.options.onSelect?.(found.doc, found.kind, this.dag);
  }

  private showDetails(kind: 'task' | 'group', doc: TaskDoc | GroupDoc, dag: DagDoc): void {
    const rows: string[] = [];
    const row = (name: string, value: string | null | undefined) => {
      if (value !== null && value !== undefined && value !== '') rows.push(`<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`);
    };
    if (kind === 'task') {
      const task = doc as TaskDoc;
      row('operator', task.operator);
      row('decorator', task.decorator);
      row('trigger rule', task.trigger_rule);
      row('task group', task.group);
    } else {
      const group = doc as GroupDoc;
      row('parent group', group.parent);
      row('tooltip', group.tooltip);
    }
    row('schedule', dag.schedule ? `${dag.schedule}${dag.schedule_description ? ` (${dag.schedule_description})` : ''}` : 'none');
    row('defined at', `${doc.file ? `${doc.file}:` : ''}line ${doc.position.line}`);
    let html =
      `<header><span class="wf-kind">${kind === 'task' ? 'Task' : 'Task group'}</span> <strong>${escapeHtml(doc.id)}</strong>` +
      '<button class="wf-close" title="Close">×</button></header>' +
      `<dl>${rows.join('')}</dl>`;
    if (kind === 'task') {
      const args = Object.entries((doc as TaskDoc).arguments);
      if (args.length) {
        html +=
          '<h4>Arguments</h4><table class="wf-args">' +
          args.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('') +
          '</table>';
      }
    }
    if (doc.diagnostics.length) html += `<h4>Problems</h4><ul class="wf-problems">${problemList(doc.diagnostics)}</ul>`;
    this.details.innerHTML = html;
    this.details.hidden = false;
  }

  private hideDetails(): void {
    this.selected = undefined;
    this.details.hidden = true;
    for (const element of Array.from(this.viewport.querySelectorAll('.wf-selected'))) element.classList.remove('wf-selected');
  }

  private showTooltip(k: string, event: MouseEvent): void {
    const found = this.item(k);
    if (!found || !this.dag) return this.hideTooltip();
    const parents = this.parents(this.dag);
    const diagnostics =
      found.kind === 'group' && this.collapsed.has(found.doc.id)
        ? this.diagnosticsInside(this.dag, found.doc.id, parents)
        : found.doc.diagnostics;
    let html = `<strong>${escapeHtml(found.doc.id)}</strong>`;
    if (found.kind === 'task') {
      const operator = operatorName(found.doc as TaskDoc);
      if (operator) html += ` <span class="wf-muted">${escapeHtml(operator)}</span>`;
    } else {
      html += ` <span class="wf-muted">task group${this.collapsed.has(found.doc.id) ? ' (collapsed)' : ''}</span>`;
    }
    if (diagnostics.length) html += `<ul class="wf-problems">${problemList(diagnostics)}</ul>`;
    this.tooltip.innerHTML = html;
    this.tooltip.hidden = false;
    this.placeTooltip(event);
  }

  private placeTooltip(event: MouseEvent): void {
    const root = this.root.getBoundingClientRect();
    const x = Math.min(event.clientX - root.left + 14, root.width - 340);
    this.tooltip.style.left = `${Math.max(4, x)}px`;
    this.tooltip.style.top = `${event.clientY - root.top + 16}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }
}

function problemList(diagnostics: DiagnosticDoc[]): string {
  return diagnostics
    .map(
      (d) =>
        `<li class="wf-${escapeHtml(d.severity)}"><span class="wf-code">${escapeHtml(d.code)}</span> ` +
        `${escapeHtml(d.message)} <span class="wf-muted">(line ${d.line})</span></li>`,
    )
    .join('');
}

function cssEscape(text: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, '\\$&');
}

/** A smooth path through dagre's edge points. */
function curve(points: Array<{ x: number; y: number }>): string {
  if (points.length < 3) return `M${points.map((p) => `${p.x},${p.y}`).join('L')}`;
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += `Q${points[i].x},${points[i].y} ${mid.x},${mid.y}`;
  }
  const last = points[points.length - 1];
  return `${d}L${last.x},${last.y}`;
}

/** A curve from the right side of box a to the left side of box b (edges to and from group boxes). */
function connector(a: Box, b: Box): string {
  const x1 = a.x + a.width;
  const y1 = a.y + a.height / 2;
  const x2 = b.x;
  const y2 = b.y + b.height / 2;
  const bend = Math.max(30, Math.abs(x2 - x1) / 2);
  return `M${x1},${y1}C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}
