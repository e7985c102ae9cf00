export type PrintLayout = 'a4' | '58' | '80';

const PAGE: Record<PrintLayout, string> = {
  a4: 'A4 portrait',
  '58': '58mm auto',
  '80': '80mm auto',
};

/**
 * Prints the receipt for a paper size: the layout is a class on <html> that the print
 * stylesheet reads, and the page size an @page rule, both removed after printing.
 */
export function printReceipt(layout: PrintLayout): void {
  const style = document.createElement('style');
  style.textContent = `@page { size: ${PAGE[layout]}; margin: ${layout === 'a4' ? '15mm' : '2mm'}; }`;
  document.head.append(style);
  document.documentElement.dataset.print = layout;
  const done = () => {
    style.remove();
    delete document.documentElement.dataset.print;
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
