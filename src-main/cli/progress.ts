/** A one-line progress bar on stderr when it is a terminal; plain lines otherwise. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  let lastPercent = -1;
  return {
    update(done: number, total: number, detail = '') {
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${detail}`.trimEnd();
      if (stream.isTTY) stream.write(`\r${line.padEnd(last.length)}`);
      else {
        // Not a terminal (a log, a test): one line per whole percent.
        const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
        if (percent !== lastPercent) stream.write(`${line}\n`);
        lastPercent = percent;
      }
      last = line;
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
