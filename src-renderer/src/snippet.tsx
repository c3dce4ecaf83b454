/**
 * A search snippet: main sends HTML-escaped text with <mark> around matches.
 * It is split and rendered as React text, never injected as HTML.
 */
const entity = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>.*?<\/mark>)/g).filter(Boolean);
  return (
    <span className="snippet">
      {parts.map((part, i) =>
        part.startsWith('<mark>') ? (
          <mark key={i}>{entity(part.slice(6, -7))}</mark>
        ) : (
          <span key={i}>{entity(part)}</span>
        ),
      )}
    </span>
  );
}
