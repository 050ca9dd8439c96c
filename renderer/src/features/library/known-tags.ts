/** The tags the library's DSNs carry, for the tags field's suggestions (provided by the window). */
import { createContext, useContext } from 'react';

export const KnownTagsContext = createContext<readonly string[]>([]);

export function useKnownTags(): readonly string[] {
  return useContext(KnownTagsContext);
}
