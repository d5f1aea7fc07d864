// Structural validation against the shipped JSON Schema, reported as one `file: field: message`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { scenarioSchema } from './schema.js';
import { UserError } from '../util/errors.js';

let validate: ValidateFunction | null = null;

function validator(): ValidateFunction {
  // verbose: errors carry their parentSchema, which names the definition (oneOf messages, field suggestions).
  validate ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(scenarioSchema());
  return validate;
}

type Json = Record<string, unknown>;

/** The value at a JSON pointer's segments (undefined when absent). */
function at(data: unknown, segs: readonly string[]): unknown {
  return segs.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Json)[k] : undefined), data);
}

/** JSON pointer "/actors/0/intent/0000:01:00.0" -> 'actors[0].intent["0000:01:00.0"]' (arrays by index, odd keys quoted). */
function fieldPath(data: unknown, pointer: string, extra?: string): string {
  const segs =
    pointer === ''
      ? []
      : pointer
          .split('/')
          .slice(1)
          .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segs.push(extra);
  let out = '';
  segs.forEach((s, i) => {
    if (Array.isArray(at(data, segs.slice(0, i)))) out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  });
  return out;
}

export const BDF_MSG = 'must be a BDF DDDD:BB:DD.F in lower-case hex (device 00-1f, function 0-7)';
const PATTERNS: Record<string, string> = {
  '^[0-9a-fA-F]{4}$': 'must be 4 hex digits without 0x',
  '^([0-9a-fA-F]{4}|[fF]{8}|any)$': 'must be 4 hex digits without 0x, or ffffffff / any (PCI_ANY_ID)',
  '^[0-9a-fA-F]{6}$': 'must be 6 hex digits',
  '^[0-9a-fA-F]{2}$': 'must be 2 hex digits',
  '^[0-9a-fA-F]{1,8}$': 'must be 1 to 8 hex digits or a non-negative integer',
  '^-E[A-Z0-9_]+$': 'must be an errno name like "-ENODEV"',
  '^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]$': BDF_MSG,
  '^[A-Za-z0-9_.-]+$': 'must be a driver name: letters, digits, "_", "-" or "."',
  '^[^\\u0000-\\u001f\\u007f]+$': 'must not contain control characters (newlines, tabs, …)',
  '^[^/\\u0000-\\u0020\\u007f]+$': "must be a device's sysfs name: no '/', spaces or control characters",
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$':
    'must be a GUID xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits, no braces)',
};

/** What a value failing every branch of a oneOf should have been, by schema definition. */
const ONE_OF: Record<string, string> = {
  probe: 'must be "ok", an errno like "-ENODEV", or {"fail_after": n, "errno": "-E..."}',
  driver: 'must be a catalogue driver name or an object with "name"',
  driverData: 'must be a non-negative integer or 1 to 8 hex digits',
  op: 'must be an op object: exactly one of write, read, hotplug, modprobe, rmmod, recipe',
};

const OP_FORMS = ['write', 'read', 'hotplug', 'modprobe', 'rmmod', 'recipe'];
const OP_FIELDS = [...OP_FORMS, 'value', 'bdf', 'device', 'params'];

function definitionName(schema: unknown): string | undefined {
  const defs = (scenarioSchema() as { definitions: Record<string, unknown> }).definitions;
  return Object.keys(defs).find((k) => defs[k] === schema);
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** ' (did you mean "x"?)' for the nearest known name, or '' when none is near. */
export function didYouMean(name: string, known: readonly string[]): string {
  const best = known.map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(best.k.length / 3)) ? ` (did you mean "${best.k}"?)` : '';
}

/** Unknown field: the nearest known name, else every field the object takes (a short list; long ones stay unsaid). */
function unknownField(name: string, known: readonly string[]): string {
  const near = didYouMean(name, known);
  const list = near === '' && known.length > 0 && known.length <= 16 ? ` (takes: ${known.join(', ')})` : '';
  return `unknown field ${JSON.stringify(name)}${near}${list}`;
}

/**
 * A field of another bus's device or driver (definitions "<bus>Device" / "<bus>Driver"): say whose it is and what
 * this bus takes, e.g. 'unknown field "bdf" on a platform device: a pci field (platform devices take: bus, name, …)'.
 */
function wrongBusField(defName: string | undefined, name: string, known: readonly string[]): string | null {
  const m = /^([a-z]+)(Device|Driver)$/.exec(defName ?? '');
  if (m === null) return null;
  const defs = (scenarioSchema() as { definitions: Record<string, Json> }).definitions;
  const defOf = (b: string): string => b.replace(/-/g, ''); // "fsl-mc" -> definitions "fslmcDevice"/"fslmcDriver"
  const all = defs.busName.enum as string[];
  const self = all.find((b) => defOf(b) === m[1]) ?? m[1];
  const buses = all.filter((b) => b !== self);
  const owner = buses.find((b) =>
    Object.hasOwn((defs[`${defOf(b)}${m[2]}`]?.properties as Json | undefined) ?? {}, name),
  );
  if (owner === undefined) return null;
  const what = `${self} ${m[2].toLowerCase()}`;
  // PCI is the default bus: a platform or vmbus object that forgot its "bus" lands here.
  const hint = self === 'pci' ? `; a ${owner} ${m[2].toLowerCase()} needs "bus": "${owner}"` : '';
  return `unknown field ${JSON.stringify(name)} on a ${what}: a ${owner} field${didYouMean(name, known)} (${what}s take: ${known.join(', ')})${hint}`;
}

function typeText(t: unknown): string {
  const a = (x: string): string => (x === 'null' ? 'null' : `${/^[aeiou]/.test(x) ? 'an' : 'a'} ${x}`);
  return `must be ${String(t).split(',').map(a).join(' or ')}`;
}

function message(e: ErrorObject, data: unknown): { field: string; text: string } {
  const p = e.params as Json;
  const field = fieldPath(data, e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const props = Object.keys(((e.parentSchema as Json | undefined)?.properties as Json | undefined) ?? {});
      const name = String(p.additionalProperty);
      return {
        field,
        text: wrongBusField(definitionName(e.parentSchema), name, props) ?? unknownField(name, props),
      };
    }
    case 'required':
      return { field: fieldPath(data, e.instancePath, String(p.missingProperty)), text: 'is required' };
    case 'pattern': {
      let text = PATTERNS[String(p.pattern)] ?? `must match ${String(p.pattern)}`;
      // A hotplug op's or udev match's "bdf" holding a platform name or a vmbus GUID: those are named by "device"/"name".
      if (text === BDF_MSG && /\/(ops|run)\/\d+\/bdf$/.test(e.instancePath))
        text += '; a device of another bus is named by "device"';
      else if (text === BDF_MSG && /\/match\/bdf$/.test(e.instancePath))
        text += '; a device of another bus is matched by "name"';
      return e.propertyName === undefined
        ? { field, text }
        : { field, text: `field name ${JSON.stringify(e.propertyName)} ${text.replace(/^must be/, 'is not')}` };
    }
    case 'const':
      return { field, text: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const given = at(data, e.instancePath.split('/').slice(1));
      const near = typeof given === 'string' ? didYouMean(given, allowed) : '';
      return { field, text: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${near}` };
    }
    case 'type':
      return { field, text: typeText(p.type) };
    case 'minLength':
      return { field, text: 'must not be empty' };
    case 'oneOf':
      return { field, text: ONE_OF[definitionName(e.parentSchema) ?? ''] ?? 'has the wrong form' };
    default:
      return { field, text: e.message ?? e.keyword };
  }
}

const under = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

/** An op names its form by its key: keep only that branch's errors, or say the form is missing or doubled. */
function opErrors(
  errors: ErrorObject[],
  oneOf: ErrorObject,
  data: unknown,
): ErrorObject[] | { field: string; text: string } {
  const P = oneOf.instancePath;
  const op = at(data, P.split('/').slice(1));
  if (op === null || typeof op !== 'object' || Array.isArray(op)) return errors;
  const keys = Object.keys(op);
  const forms = OP_FORMS.filter((k) => keys.includes(k));
  const field = fieldPath(data, P);
  if (forms.length > 1) return { field, text: `has ${forms.join(' and ')}: an op does exactly one thing` };
  if (forms.length === 0) {
    const stray = keys.find((k) => !OP_FIELDS.includes(k));
    return {
      field,
      text: stray !== undefined ? unknownField(stray, OP_FORMS) : `must have one of ${OP_FORMS.join(', ')}`,
    };
  }
  const branch = `#/oneOf/${OP_FORMS.indexOf(forms[0])}/`;
  return errors.filter(
    (x) =>
      x === oneOf ||
      !under(x.instancePath, P) ||
      !/^#\/oneOf\/\d+\//.test(x.schemaPath) ||
      x.schemaPath.startsWith(branch),
  );
}

/**
 * Errors of oneOf branches that do not apply: a branch whose `type` does not fit the value is
 * no candidate, so its complaints (and the type error itself) would only mislead.
 */
function liveErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const dead = errors.filter((e) => e.keyword === 'type' && oneOfAt.has(e.instancePath));
  return errors.filter(
    (e) =>
      !dead.some(
        (d) => d.instancePath === e.instancePath && e.schemaPath.startsWith(d.schemaPath.replace(/type$/, '')),
      ),
  );
}

/** "#/oneOf/2/required" -> "#/oneOf/2/"; "#/definitions/errno/pattern" -> "#/definitions/errno/": which branch spoke. */
const branchOf = (e: ErrorObject): string =>
  /^#\/oneOf\/\d+\//.exec(e.schemaPath)?.[0] ?? e.schemaPath.replace(/[^/]*$/, '');

/** When several branches of a oneOf still complain about the value itself, none is "the" error: let the oneOf speak. */
function ambiguousOneOf(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const o of errors.filter((e) => e.keyword === 'oneOf')) {
    const here = errors.filter((e) => e !== o && e.instancePath === o.instancePath && e.keyword !== 'oneOf');
    if (new Set(here.map(branchOf)).size > 1) here.forEach((e) => drop.add(e));
  }
  return errors.filter((e) => !drop.has(e));
}

/** Throws the most specific schema error as a UserError. */
export function checkStructure(data: unknown, file: string): void {
  const v = validator();
  if (v(data)) return;
  // An "if" only says its "then" failed; the then-branch's own errors (a bus's device or driver) say how.
  let errors = (v.errors ?? []).filter((e) => e.keyword !== 'if');
  for (const op of errors.filter((e) => e.keyword === 'oneOf' && definitionName(e.parentSchema) === 'op')) {
    const r = opErrors(errors, op, data);
    if (!Array.isArray(r)) throw new UserError(file, r.field, r.text);
    errors = r;
  }
  errors = ambiguousOneOf(liveErrors(errors));
  // A wrapper (oneOf, propertyNames) speaks only when nothing below it does.
  const wrapper = (e: ErrorObject): boolean => e.keyword === 'oneOf' || e.keyword === 'propertyNames';
  const candidates = errors.filter(
    (e) => !wrapper(e) || !errors.some((x) => !wrapper(x) && under(x.instancePath, e.instancePath)),
  );
  // The deepest error names the field best; ties go to the schema's order.
  // An unknown field beats a missing one in the same object: it is usually the missing one misspelt.
  const depth = (e: ErrorObject): number =>
    e.instancePath.split('/').length + (e.keyword === 'additionalProperties' ? 1.5 : e.keyword === 'required' ? 1 : 0);
  const best = candidates.reduce((b, e) => (depth(e) > depth(b) ? e : b), candidates[0] ?? errors[0]);
  const m = best ? message(best, data) : { field: '', text: 'does not match the scenario schema' };
  throw new UserError(file, m.field, m.text);
}
