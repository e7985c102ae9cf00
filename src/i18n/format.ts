export type Params = Record<string, string | number>;

/**
 * The one placeholder filling of every namespace: each `{name}` in `template` becomes
 * `params[name]`; a placeholder with no value stays as written, and without params the
 * template is returned as it is.
 */
export function format(template: string, params?: Params): string {
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole)) : template;
}
