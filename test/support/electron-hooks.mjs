// Module hooks for `node --import`: resolve 'electron' to fake-electron.mjs, so the built main
// bundle can start in plain Node (the Electron binary is not needed, nor downloaded).
import { register } from 'node:module';

const hooks = `
const fake = ${JSON.stringify(new URL('./fake-electron.mjs', import.meta.url).href)};
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);
