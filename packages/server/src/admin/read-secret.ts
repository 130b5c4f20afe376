/**
 * Reads a secret for a command-line tool without showing it: on a terminal it prompts twice with echo off (on
 * stderr, so stdout stays clean); otherwise it takes `envValue` when set, else the first line of stdin.
 */
export async function readNewSecret(opts: { what: string; envName: string; envValue: string | undefined; stdin?: NodeJS.ReadStream; prompt?: NodeJS.WriteStream }): Promise<string> {
  const stdin = opts.stdin ?? process.stdin;
  const prompt = opts.prompt ?? process.stderr;
  if (opts.envValue !== undefined && opts.envValue !== '') return opts.envValue;
  if (!stdin.isTTY) {
    const text = await readAll(stdin);
    const line = text.split(/\r?\n/, 1)[0] ?? '';
    if (!line) throw new Error(`no ${opts.what} on stdin: pipe it in (one line), or set ${opts.envName}`);
    return line;
  }
  const first = await promptHidden(stdin, prompt, `New ${opts.what}: `);
  const second = await promptHidden(stdin, prompt, `Repeat the new ${opts.what}: `);
  if (first !== second) throw new Error(`the two ${opts.what}s differ: nothing changed`);
  return first;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from a terminal in raw mode, echoing nothing; Ctrl-C cancels. */
function promptHidden(stdin: NodeJS.ReadStream, prompt: NodeJS.WriteStream, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true); // before the question: nothing typed after it is echoed
    prompt.write(question);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (err: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      prompt.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new Error('cancelled: nothing changed'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
