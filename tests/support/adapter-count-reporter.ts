import type { Reporter, TestModule } from 'vitest/node';

/** Prints how many tests ran against each storage adapter, so a run that silently lost one side is visible. */
export default class AdapterCountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { embedded: { passed: 0, failed: 0 }, mongo: { passed: 0, failed: 0 } };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const name = `${module.moduleId} ${test.fullName}`;
        const adapter = /\bmongo\b|mongo-extra|faults\/(node-kill|redis)/i.test(name) ? 'mongo' : /\bembedded\b/i.test(name) ? 'embedded' : null;
        const state = test.result().state;
        if (!adapter || (state !== 'passed' && state !== 'failed')) continue;
        counts[adapter][state]++;
      }
    }
    const line = (a: keyof typeof counts) => `${a}: ${counts[a].passed} passed, ${counts[a].failed} failed`;
    console.log(`\nStorage adapters — ${line('embedded')}; ${line('mongo')}`);
  }
}
