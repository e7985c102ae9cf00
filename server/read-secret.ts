import readline from 'node:readline';

/**
 * Reads one line from standard input: piped (`echo … | sahej create-user …`) or typed at a
 * terminal, where it is not echoed.
 */
export function readSecret(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const tty = process.stdin.isTTY;
    const lines = readline.createInterface({ input: process.stdin, output: tty ? process.stderr : undefined, terminal: tty });
    if (tty) {
      process.stderr.write(prompt);
      // Keep what is typed off the screen.
      (lines as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
    }
    lines.once('line', (line) => {
      lines.close();
      if (tty) process.stderr.write('\n');
      resolve(line);
    });
    lines.once('close', () => reject(new Error('no password given on standard input')));
  });
}
