/** Types of precompress.mjs for the TypeScript build configs that call it. */
export declare function precompress(dir: string): void;
