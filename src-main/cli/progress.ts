/** A one-line progress bar on stderr when it is a terminal; plain lines otherwise. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  return {
    update(done: number, total: number, detail = '') {
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${detail}`.trimEnd();
      if (stream.isTTY) stream.write(`\r${line.padEnd(last.length)}`);
      else if (done === total || done % 50 === 0) stream.write(`${line}\n`);
      last = line;
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
