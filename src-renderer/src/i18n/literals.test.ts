import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No user-visible English typed straight into JSX: text between tags, string literals shown as children
 * ({cond ? 'A' : 'B'}, {cond && 'A'}) and the attributes people read or hear (aria-label, title, placeholder…)
 * must come from the catalogues.
 */
const sources = import.meta.glob<string>('../**/*.tsx', { query: '?raw', import: 'default', eager: true });

/** Files not converted yet (none left): it only shrinks, a new file reads its strings through t() from the start. */
const NOT_YET = new Set<string>([]);

/** Text that is not English: names, symbols, units. */
const ALLOWED = new Set([
  ...['Lockleaf', '×', '…', '—', '–', '·', '/', '%', 'OCR', 'PDF', 'S3', 'R2', 'SMTP', 'Cloudflare R2'],
  // Examples of what to type, the same in every language.
  ...['https://…', 'us-east-1', 'LL1-XXXXX-XXXXX-…', 'EUR', 'smtp.example.org', 'name@example.org', 'sk-ant-…'],
]);
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label']);

/** Words: two letters in a row (so "×", "12", "…" and "·" pass), and not on the allow-list. */
function isWords(text: string): boolean {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /\p{L}{2}/u.test(trimmed) && !ALLOWED.has(trimmed);
}

export function bareLiterals(fileName: string, code: string): string[] {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${fileName}:${line} ${JSON.stringify(text.trim())}`);
  };
  // A string shown as a child: the expression itself, or a branch of ?: / && / || inside it.
  const shownStrings = (expr: ts.Expression): ts.StringLiteralLike[] => {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr];
    if (ts.isTemplateExpression(expr)) return [];
    if (ts.isParenthesizedExpression(expr)) return shownStrings(expr.expression);
    if (ts.isConditionalExpression(expr)) return [...shownStrings(expr.whenTrue), ...shownStrings(expr.whenFalse)];
    if (
      ts.isBinaryExpression(expr) &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(
        expr.operatorToken.kind,
      )
    )
      return [...shownStrings(expr.left), ...shownStrings(expr.right)];
    return [];
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isWords(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent))
      for (const s of shownStrings(node.expression)) if (isWords(s.text)) report(s, s.text);
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const strings = ts.isStringLiteral(init)
        ? [init]
        : init.kind === ts.SyntaxKind.JsxExpression && (init as ts.JsxExpression).expression
          ? shownStrings((init as ts.JsxExpression).expression!)
          : [];
      for (const s of strings) if (isWords(s.text)) report(s, s.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no bare English in JSX', () => {
  it('finds what it looks for (text, shown strings, attributes), and passes translated code', () => {
    const code = `const A = () => <p title="Hello there" aria-label={t('x')}>Some words {ok ? 'Yes' : t('no')} {n} ×</p>;`;
    expect(bareLiterals('a.tsx', code)).toEqual(['a.tsx:1 "Hello there"', 'a.tsx:1 "Some words"', 'a.tsx:1 "Yes"']);
    expect(bareLiterals('b.tsx', `const B = () => <p className="x y">{t('a')} Lockleaf {'…'}</p>;`)).toEqual([]);
  });

  const files = Object.entries(sources).map(([path, code]) => [path.replace(/^\.\.\//, ''), code] as const);

  it('sees the renderer’s files', () => expect(files.length).toBeGreaterThan(20));

  for (const [name, code] of files) {
    if (NOT_YET.has(name)) continue;
    it(`${name} reads its strings from the catalogues`, () => expect(bareLiterals(name, code)).toEqual([]));
  }

  it('the not-yet list names only files that still exist and still need converting', () => {
    const names = new Set(files.map(([name]) => name));
    for (const name of NOT_YET) {
      expect(names.has(name), `${name} is gone: drop it from NOT_YET`).toBe(true);
      expect(
        bareLiterals(name, sources[`../${name}`]!).length,
        `${name} is converted: drop it from NOT_YET`,
      ).toBeGreaterThan(0);
    }
  });
});
