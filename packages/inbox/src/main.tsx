import { render } from 'preact';
import { App } from './components/App.tsx';
import './styles.css';
import './list.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
