import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import './app/styles.css';
import { render } from 'preact';
import { App } from './app/App.tsx';

const root = document.getElementById('app');
if (root) {
  document.documentElement.lang = localStorage.getItem('language') === 'en' ? 'en' : 'vi';
  render(<App />, root);
}
