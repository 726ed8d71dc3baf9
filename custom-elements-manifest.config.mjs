// @custom-elements-manifest/analyzer's configuration: `npm run manifest` writes custom-elements.json,
// the description of <segnala-widget> and <segnala-admin> that editors, documentation tools and the
// declarations for TypeScript (segnala-elements.d.ts) are made from (README, "Embedding the widget").
// Its source is each element's JSDoc header (@attr, @event, @cssproperty, @csspart) and its
// `@property()` fields.

/** What a host page can use: the rest of each class (state, controllers, Lit's lifecycle) is how it works inside. */
function publicSurfaceOnly() {
  /** Each module's own type aliases (`type ViewName = 'map' | …`), by module path then name. */
  const aliases = new Map();
  return {
    name: 'segnala-public-surface-only',
    analyzePhase({ ts, node, moduleDoc }) {
      if (node.kind !== ts.SyntaxKind.TypeAliasDeclaration) return;
      if (!aliases.has(moduleDoc.path)) aliases.set(moduleDoc.path, new Map());
      aliases.get(moduleDoc.path).set(node.name.getText(), node.type.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          decl.members = (decl.members ?? []).filter((m) => !m.static && (m.privacy ?? 'public') === 'public');
          // A page cannot see a type named in our source (`view: ViewName`): it gets what the name stands for.
          const local = aliases.get(mod.path);
          for (const item of [...decl.members, ...(decl.attributes ?? [])]) {
            const text = item.type?.text;
            if (text && local?.has(text)) item.type = { text: local.get(text) };
          }
        }
      }
    },
  };
}

export default {
  globs: ['widget/segnala-widget.ts', 'widget/admin/segnala-admin.ts'],
  litelement: true,
  // The analyzer would otherwise add a `customElements` entry to package.json on every run.
  packagejson: false,
  plugins: [publicSurfaceOnly()],
};
