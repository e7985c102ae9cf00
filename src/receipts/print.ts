export type PrintLayout = 'a4' | '58' | '80';

const MM_PER_PX = 25.4 / 96;
/** Paper past the last line, for the print's rounding (Chromium sizes pages in whole pixels). */
const SLACK_MM = 1;

/** The layout's named page in the app's stylesheet (styles.css: `@page paper-58` …). */
function pageRule(layout: PrintLayout): CSSPageRule | undefined {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) if (rule instanceof CSSPageRule && rule.selectorText === `paper-${layout}`) return rule;
  }
  return undefined;
}

/**
 * A roll (58 or 80 mm) is cut to the receipt: its page's length becomes the receipt's, measured
 * in the paper layout, which holds on screen too while data-print is set. The length goes on the
 * stylesheet's own @page rule (the CSS object model, which the CSP leaves alone); no style is
 * made. A4 keeps its size.
 */
function fitRoll(layout: PrintLayout): void {
  const rule = layout === 'a4' ? undefined : pageRule(layout);
  if (!rule) return;
  const width = rule.style.getPropertyValue('size').split(' ')[0];
  const margins = parseFloat(rule.style.getPropertyValue('margin-top')) + parseFloat(rule.style.getPropertyValue('margin-bottom'));
  const length = document.documentElement.getBoundingClientRect().height * MM_PER_PX + margins + SLACK_MM;
  rule.style.setProperty('size', `${width} ${Math.ceil(length)}mm`);
}

let printing = false;

// Every print, the app's buttons or the browser's own (then as A4), has a paper layout on <html>
// for its whole length: set before it, removed after it.
window.addEventListener('beforeprint', () => {
  printing = true;
  fitRoll((document.documentElement.dataset.print ??= 'a4') as PrintLayout);
});
window.addEventListener('afterprint', () => {
  printing = false;
  delete document.documentElement.dataset.print;
});

/** Prints the receipt (or the report) for a paper size: a layout the stylesheet reads, on <html>. */
export function printReceipt(layout: PrintLayout): void {
  document.documentElement.dataset.print = layout;
  window.print();
  // A browser that cannot print returns at once without a print begun: the screen is the screen again.
  if (!printing) delete document.documentElement.dataset.print;
}
