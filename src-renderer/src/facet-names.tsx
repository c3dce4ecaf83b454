import { useQuery } from '@tanstack/react-query';
import { bridge, unwrap } from './bridge.js';

/** The vault's types, correspondents, tags and dates with counts (one cached query for every part of the window). */
export function useFacets() {
  return useQuery({ queryKey: ['documents', 'facets'], queryFn: () => unwrap(bridge().documentsFacets()) });
}

/**
 * The names already in use, offered while typing a tag, type or correspondent (`<input list="…">`),
 * so "Coolblue" and "Coolblue B.V." do not become two. Ids: `${prefix}-tags`, `-types`, `-correspondents`.
 */
export function FacetNames({ prefix }: { prefix: string }) {
  const facets = useFacets();
  const names = (list: { name: string }[] | undefined, id: string) => (
    <datalist id={id}>
      {list?.map((f) => (
        <option key={f.name} value={f.name} />
      ))}
    </datalist>
  );
  return (
    <>
      {names(facets.data?.tags, `${prefix}-tags`)}
      {names(facets.data?.types, `${prefix}-types`)}
      {names(facets.data?.correspondents, `${prefix}-correspondents`)}
    </>
  );
}
