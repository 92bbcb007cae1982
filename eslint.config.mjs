// eslint 9 flat config: eslint's and typescript-eslint's recommended rules, and two choices explained below.
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/"] },
    eslint.configs.recommended,
    tseslint.configs.recommended,
    {
        rules: {
            // tsc's noUnusedParameters already exempts names starting with "_"; the same convention here, and
            // `const { dropped: _, ...rest } = object` is how a key is left out of a copy.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
            ],
        },
    },
    {
        // Tests load a module at a chosen moment (index.ts again after the mocks are set, SDK internals, a
        // package's package.json), which an import statement cannot do.
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
