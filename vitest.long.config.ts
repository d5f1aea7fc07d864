import { defineConfig } from 'vitest/config';

// Long, opt-in checks (not part of npm test / CI).
export default defineConfig({ test: { include: ['test-long/**/*.spec.ts'] } });
