import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      // The icons are already matched by globPatterns; listing them twice would duplicate precache entries.
      includeManifestIcons: false,
      injectManifest: {
        // The font's .woff fallback is left out: every browser that runs service workers reads woff2.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
      },
      manifest: {
        name: 'सहेज — Sahej',
        short_name: 'सहेज',
        description: 'बिजली कनेक्शन आवेदन — ऑफ़लाइन भी सुरक्षित / Electricity connection applications, safe even offline',
        lang: 'hi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f8fa',
        theme_color: '#0b5d1e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  // 'hidden': maps are written for whoever debugs a build, but no file points to them and the server never serves them.
  build: { target: 'es2022', sourcemap: 'hidden' },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
