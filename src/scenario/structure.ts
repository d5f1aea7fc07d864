// Structural validation against the shipped JSON Schema, reported as one `file: field: message`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { scenarioSchema } from './schema.js';
import { UserError } from '../util/errors.js';

let validate: ValidateFunction | null = null;

function validator(): ValidateFunction {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(scenarioSchema());
  return validate;
}

/** "/actors/0/ops/2/value" -> "actors[0].ops[2].value" */
export function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const PATTERNS: Record<string, string> = {
  '^[0-9a-fA-F]{4}$': 'must be 4 hex digits without 0x',
  '^([0-9a-fA-F]{4}|[fF]{8}|any)$': 'must be 4 hex digits, or ffffffff / any (PCI_ANY_ID)',
  '^[0-9a-fA-F]{6}$': 'must be 6 hex digits',
  '^[0-9a-fA-F]{2}$': 'must be 2 hex digits',
  '^-E[A-Z0-9_]+$': 'must be "ok", an errno like "-ENODEV", or {"fail_after": n}',
  '^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]$': 'must be a BDF DDDD:BB:DD.F in lower-case hex',
};

function message(e: ErrorObject): { field: string; text: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { field: fieldPath(e.instancePath, String(p.additionalProperty)), text: 'unknown field' };
    case 'required':
      return { field: fieldPath(e.instancePath, String(p.missingProperty)), text: 'is required' };
    case 'pattern':
      return { field: fieldPath(e.instancePath), text: PATTERNS[String(p.pattern)] ?? `must match ${String(p.pattern)}` };
    case 'const':
      return { field: fieldPath(e.instancePath), text: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return { field: fieldPath(e.instancePath), text: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type':
      return { field: fieldPath(e.instancePath), text: `must be ${String(p.type).replace(',', ' or ')}` };
    default:
      return { field: fieldPath(e.instancePath), text: e.message ?? e.keyword };
  }
}

const OP_FORMS = ['write', 'read', 'hotplug', 'modprobe', 'rmmod', 'recipe'];

/** Ops are a oneOf: say which form was meant instead of listing every branch's complaint. */
function opError(errors: readonly ErrorObject[], data: unknown): { field: string; text: string } | null {
  const e = errors.find((x) => /^\/actors\/\d+\/ops\/\d+$/.test(x.instancePath) && x.keyword === 'oneOf');
  if (!e) return null;
  const op = e.instancePath.split('/').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], data);
  if (op === null || typeof op !== 'object' || Array.isArray(op)) return { field: fieldPath(e.instancePath), text: 'must be an object' };
  const forms = Object.keys(op).filter((k) => OP_FORMS.includes(k));
  if (forms.length !== 1) return { field: fieldPath(e.instancePath), text: `must have exactly one of ${OP_FORMS.join(', ')} (has ${forms.length ? forms.join(', ') : 'none'})` };
  // Only the schema branch of the form that was written (the oneOf branches follow OP_FORMS' order).
  const branch = `/oneOf/${OP_FORMS.indexOf(forms[0])}/`;
  const relevant = errors.find((x) => x.instancePath.startsWith(e.instancePath) && x.schemaPath.includes(branch));
  return relevant ? message(relevant) : { field: fieldPath(e.instancePath), text: `malformed ${forms[0]} op` };
}

/** Throws the most specific schema error as a UserError. */
export function checkStructure(data: unknown, file: string): void {
  const v = validator();
  if (v(data)) return;
  const errors = v.errors ?? [];
  const op = opError(errors, data);
  if (op) throw new UserError(file, op.field, op.text);
  // The deepest error names the field best; oneOf wrappers say less than their branches.
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length + (e.keyword === 'oneOf' ? -0.5 : 0);
  const best = [...errors].sort((a, b) => depth(b) - depth(a))[0];
  const m = message(best);
  throw new UserError(file, m.field, m.text);
}
