/** A small ZPL reader for tests: commands, and fields (^FO … ^FS) with their data decoded. */
export interface ZplCommand {
  readonly name: string;
  readonly args: string;
}
export interface ZplField {
  readonly x: number;
  readonly y: number;
  readonly commands: readonly ZplCommand[];
  /** ^FD data, with ^FH `_XX` escapes decoded (UTF-8). */
  readonly data: string;
}

export function parseZpl(zpl: string): { formats: ZplCommand[][]; fields: ZplField[] } {
  const formats: ZplCommand[][] = [];
  const fields: ZplField[] = [];
  let current: ZplCommand[] | undefined;
  let field: ZplCommand[] | undefined;
  for (const chunk of zpl.split("^").slice(1)) {
    const body = chunk.replace(/\n$/, "");
    const name = body.slice(0, 2);
    const args = body.slice(2);
    const cmd = { name, args };
    if (name === "XA") {
      current = [];
      formats.push(current);
      continue;
    }
    if (!current) throw new Error(`command ^${name} outside ^XA…^XZ`);
    if (name === "XZ") {
      current = undefined;
      continue;
    }
    current.push(cmd);
    if (name === "FO") field = [cmd];
    else if (field) {
      field.push(cmd);
      if (name === "FS") {
        const [x, y] = (field[0]?.args ?? "0,0").split(",").map(Number);
        const fd = field.find((c) => c.name === "FD")?.args ?? "";
        const fh = field.some((c) => c.name === "FH");
        fields.push({ x: x ?? 0, y: y ?? 0, commands: field, data: fh ? decodeFh(fd) : fd });
        field = undefined;
      }
    }
  }
  if (current) throw new Error("unterminated format (missing ^XZ)");
  return { formats, fields };
}

function decodeFh(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "_") {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
