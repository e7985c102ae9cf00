/** DOM ids from data paths (`applicant.mobile` → `f-applicant-mobile`), so errors can point at inputs. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}
